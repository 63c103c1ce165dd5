// AnthropicChatModelTests: the Messages API client against a real local server: headers, system placement, errors.

import LoomCore
import LoomLLM
import Testing

@Suite("Anthropic Messages API", .serialized)
struct AnthropicChatModelTests {
    @Test("sends the documented headers and body; reads text blocks, usage, model, stop_reason")
    func requestAndReply() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.anthropicSuccess)])
        defer { Task { await server.stop() } }
        let model = makeTestModel(server, provider: .anthropic, apiKey: "sk-ant-test")
        let response = try await model.complete(ChatRequest(messages: reviewMessages, temperature: 0.3, maxTokens: 2048, jsonMode: true))

        #expect(response.content == #"[{"file":"x.swift","line":1}]"#)
        #expect(response.usage == TokenUsage(input: 2095, output: 503))
        #expect(response.model == "claude-sonnet-4-5-20250929")
        #expect(!response.truncated)

        let received = try #require(server.received.first)
        #expect(received.path == "/v1/messages")
        #expect(received.header("x-api-key") == "sk-ant-test")
        #expect(received.header("anthropic-version") == "2023-06-01")
        #expect(received.header("content-type") == "application/json")
        #expect(received.header("Authorization") == nil)
        let body = received.json
        #expect(body["model"]?.string == "claude-sonnet-4-5")
        #expect(body["max_tokens"]?.int == 2048)
        #expect(body["temperature"]?.double == 0.3)
        #expect(body["system"]?.string == reviewMessages[0].content)
        #expect(body["response_format"] == nil)
        let messages = try #require(body["messages"]?.elements)
        #expect(messages.count == 1)
        #expect(messages[0]["role"]?.string == "user")
        #expect(messages[0]["content"]?.string == reviewMessages[1].content)
    }

    @Test("several system messages join; temperature above 1 is clamped; no system → no field")
    func systemAndTemperature() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.anthropicSuccess)])
        defer { Task { await server.stop() } }
        let model = makeTestModel(server, provider: .anthropic)
        let messages = [ChatMessage(role: .system, content: "A"), ChatMessage(role: .user, content: "q"),
                        ChatMessage(role: .assistant, content: "r"), ChatMessage(role: .system, content: "B"),
                        ChatMessage(role: .user, content: "q2")]
        _ = try await model.complete(ChatRequest(messages: messages, temperature: 1.7))
        _ = try await model.complete(ChatRequest(messages: [ChatMessage(role: .user, content: "hi")]))

        let first = server.received[0].json
        #expect(first["system"]?.string == "A\n\nB")
        #expect(first["temperature"]?.double == 1.0)
        #expect(first["messages"]?.elements.map { $0["role"]?.string } == ["user", "assistant", "user"])
        #expect(server.received[1].json["system"] == nil)
    }

    @Test("stop_reason max_tokens marks truncation; thinking blocks are skipped; cache tokens count as input")
    func truncatedWithThinking() async throws {
        let body = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-1",\
            "content":[{"type":"thinking","thinking":"hmm","signature":"abc"},{"type":"text","text":"[{\\"file\\""}],\
            "stop_reason":"max_tokens","stop_sequence":null,\
            "usage":{"input_tokens":10,"cache_creation_input_tokens":100,"cache_read_input_tokens":1000,"output_tokens":7}}
            """
        let server = try await FakeProviderServer([.json(200, body)])
        defer { Task { await server.stop() } }
        let response = try await makeTestModel(server, provider: .anthropic).complete(ChatRequest(messages: reviewMessages))
        #expect(response.content == #"[{"file""#)
        #expect(response.truncated)
        #expect(response.usage == TokenUsage(input: 1110, output: 7))
    }

    @Test("prompt is too long → contextTooLong, not retried")
    func promptTooLong() async throws {
        let server = try await FakeProviderServer([.json(400, ProviderBodies.anthropicError(
            type: "invalid_request_error", message: "prompt is too long: 208310 tokens > 200000 maximum"))])
        defer { Task { await server.stop() } }
        let error = await capture { try await makeTestModel(server, provider: .anthropic).complete(ChatRequest(messages: reviewMessages)) }
        #expect(error == .contextTooLong("prompt is too long: 208310 tokens > 200000 maximum"))
        #expect(server.received.count == 1)
    }

    @Test("authentication_error → authentication; credit balance too low → quotaExceeded; neither retried")
    func authAndCredit() async throws {
        let server = try await FakeProviderServer([
            .json(401, ProviderBodies.anthropicError(type: "authentication_error", message: "invalid x-api-key")),
            .json(400, ProviderBodies.anthropicError(type: "invalid_request_error",
                message: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")),
        ])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let model = makeTestModel(server, provider: .anthropic, sleeps: sleeps)
        #expect(await capture { try await model.complete(ChatRequest(messages: reviewMessages)) } == .authentication("invalid x-api-key"))
        let second = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
        guard case .quotaExceeded = second else { Issue.record("got \(String(describing: second))"); return }
        #expect(server.received.count == 2)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("529 overloaded with retry-after is retried, then succeeds")
    func overloadedThenSuccess() async throws {
        let server = try await FakeProviderServer([
            .json(529, ProviderBodies.anthropicError(type: "overloaded_error", message: "Overloaded"), headers: [("retry-after", "3")]),
            .json(200, ProviderBodies.anthropicSuccess),
        ])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let response = try await makeTestModel(server, provider: .anthropic, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages))
        #expect(response.attempts == 2)
        #expect(sleeps.recorded == [.seconds(3)])
    }

    @Test("a 200 without content[] is unparseable")
    func unparseable() async throws {
        let server = try await FakeProviderServer([.json(200, #"{"id":"msg_1","type":"message","role":"assistant"}"#)])
        defer { Task { await server.stop() } }
        let error = await capture { try await makeTestModel(server, provider: .anthropic).complete(ChatRequest(messages: reviewMessages)) }
        guard case .unparseable = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(server.received.count == 1)
    }
}
