// CurlEndToEndTests: both providers through the production CurlHTTPClient, against the same local fake servers.

import LoomCore
import LoomHTTPClient
import LoomLLM
import LoomMetrics
import LoomReactor
import Testing

/// The socket-client suites pin LoomLLM's own behaviour; these check that it holds with the
/// client production uses (headers as curl sends them, curl's timeout, keep-alive reuse).
@Suite("Model clients over CurlHTTPClient", .serialized)
struct CurlEndToEndTests {
    /// Runs `body` with a started curl client on its own loop, shutting both down afterwards.
    private func withCurl(_ body: (CurlHTTPClient) async throws -> Void) async throws {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        let client = CurlHTTPClient(group: group)
        do {
            try await body(client)
        } catch {
            await client.shutdown()
            group.shutdown()
            throw error
        }
        await client.shutdown()
        group.shutdown()
    }

    @Test("OpenAI-compatible: request shape, 429 + Retry-After, then the reply")
    func openAI() async throws {
        let server = try await FakeProviderServer([
            .json(429, ProviderBodies.openAIError(message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded"),
                  headers: [("Retry-After", "1")]),
            .json(200, ProviderBodies.openAISuccess),
        ])
        defer { Task { await server.stop() } }
        try await withCurl { client in
            let sleeps = SleepRecorder()
            let model = makeTestModel(server, sleeps: sleeps, client: client)
            let response = try await model.complete(ChatRequest(messages: reviewMessages, maxTokens: 77, jsonMode: true))
            #expect(response.usage == TokenUsage(input: 1117, output: 46))
            #expect(response.attempts == 2)
            #expect(sleeps.recorded == [.seconds(1)])
            let received = try #require(server.received.last)
            #expect(received.path == "/v1/chat/completions")
            #expect(received.header("authorization") == "Bearer sk-test")
            #expect(received.json["max_tokens"]?.int == 77)
            #expect(received.json["response_format", "type"]?.string == "json_object")
        }
    }

    @Test("Anthropic: headers, system placement and the reply")
    func anthropic() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.anthropicSuccess)])
        defer { Task { await server.stop() } }
        try await withCurl { client in
            let model = makeTestModel(server, provider: .anthropic, apiKey: "sk-ant", client: client)
            let response = try await model.complete(ChatRequest(messages: reviewMessages))
            #expect(response.content == #"[{"file":"x.swift","line":1}]"#)
            let received = try #require(server.received.first)
            #expect(received.path == "/v1/messages")
            #expect(received.header("x-api-key") == "sk-ant")
            #expect(received.header("anthropic-version") == "2023-06-01")
            #expect(received.json["system"]?.string == reviewMessages[0].content)
        }
    }

    @Test("curl's timeout surfaces as .timeout after the retries")
    func timeout() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.openAISuccess, delay: .seconds(3))])
        defer { Task { await server.stop() } }
        try await withCurl { client in
            let sleeps = SleepRecorder()
            let model = makeTestModel(server, maxRetries: 1, timeout: .milliseconds(300), sleeps: sleeps, client: client)
            let error = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
            #expect(error == .timeout)
            #expect(server.received.count == 2)
        }
    }
}
