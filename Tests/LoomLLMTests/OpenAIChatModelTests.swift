// OpenAIChatModelTests: the OpenAI-compatible client against a real local server: request shape, replies, errors.

import LoomCore
import LoomLLM
import Testing

@Suite("OpenAI-compatible chat completions", .serialized)
struct OpenAIChatModelTests {
    @Test("sends the documented request and reads content, usage and model")
    func requestAndReply() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.openAISuccess)])
        defer { Task { await server.stop() } }
        let model = makeTestModel(server)
        let request = ChatRequest(messages: reviewMessages, temperature: 0.2, maxTokens: 1234)

        let response = try await model.complete(request)

        #expect(response.content == #"[{"file":"x.swift","line":1,"severity":"info","message":"ok"}]"#)
        #expect(response.usage == TokenUsage(input: 1117, output: 46))
        #expect(response.model == "gpt-4o-mini-2024-07-18")
        #expect(response.attempts == 1)
        #expect(!response.truncated)

        let received = try #require(server.received.first)
        #expect(server.received.count == 1)
        #expect(received.path == "/v1/chat/completions")
        #expect(received.header("Authorization") == "Bearer sk-test")
        #expect(received.header("Content-Type") == "application/json")
        let body = received.json
        #expect(body["model"]?.string == "gpt-4o-mini")
        #expect(body["temperature"]?.double == 0.2)
        #expect(body["max_tokens"]?.int == 1234)
        #expect(body["response_format"] == nil)
        let messages = try #require(body["messages"]?.elements)
        #expect(messages.map { $0["role"]?.string } == ["system", "user"])
        #expect(messages.map { $0["content"]?.string } == reviewMessages.map(\.content))
        #expect(messages.allSatisfy { $0.count == 2 })
    }

    @Test("JSON mode adds response_format; a keyless endpoint sends no Authorization; slashes are not doubled")
    func jsonModeAndKeyless() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.openAISuccess)])
        defer { Task { await server.stop() } }
        let model = makeTestModel(server, apiKey: nil, baseURL: server.baseURL + "/")
        _ = try await model.complete(ChatRequest(messages: reviewMessages, jsonMode: true))

        let received = try #require(server.received.first)
        #expect(received.path == "/v1/chat/completions")
        #expect(received.header("Authorization") == nil)
        #expect(received.json["response_format", "type"]?.string == "json_object")
        #expect(received.json["response_format"]?.count == 1)
    }

    @Test("content as text parts, missing usage as zero, finish_reason length as truncated")
    func contentPartsAndTruncation() async throws {
        let body = #"""
            {"id":"x","object":"chat.completion","created":1,"model":"llama3.1:8b","choices":[{"index":0,\#
            "message":{"role":"assistant","content":[{"type":"text","text":"[{\"file\":"},{"type":"text","text":"\"a\"}]"}]},\#
            "finish_reason":"length"}]}
            """#
        let server = try await FakeProviderServer([.json(200, body)])
        defer { Task { await server.stop() } }
        let response = try await makeTestModel(server).complete(ChatRequest(messages: reviewMessages))
        #expect(response.content == #"[{"file":"a"}]"#)
        #expect(response.usage == .zero)
        #expect(response.model == "llama3.1:8b")
        #expect(response.truncated)
    }

    @Test("a 2xx that is not a chat completion is unparseable and not retried", arguments: [
        #"{"object":"list","data":[]}"#,
        "<html><body>502 Bad Gateway</body></html>",
        #"{"choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}"#,
    ])
    func unparseable(body: String) async throws {
        let server = try await FakeProviderServer([.json(200, body)])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        guard case .unparseable = error else { Issue.record("expected .unparseable, got \(String(describing: error))"); return }
        #expect(server.received.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("401 is an authentication error, not retried")
    func unauthorized() async throws {
        let server = try await FakeProviderServer([.json(401, ProviderBodies.openAIError(
            message: "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
            type: "invalid_request_error", code: "invalid_api_key"))])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        guard case .authentication(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.hasPrefix("Incorrect API key provided"))
        #expect(server.received.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("context_length_exceeded is contextTooLong, not retried")
    func contextTooLong() async throws {
        let server = try await FakeProviderServer([.json(400, ProviderBodies.openAIError(
            message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
            type: "invalid_request_error", code: "context_length_exceeded", param: "messages"))])
        defer { Task { await server.stop() } }
        let error = await capture { try await makeTestModel(server).complete(ChatRequest(messages: reviewMessages)) }
        guard case .contextTooLong(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("maximum context length"))
        #expect(server.received.count == 1)
    }

    @Test("insufficient_quota (a 429) is quotaExceeded and is not retried")
    func quotaExhausted() async throws {
        let server = try await FakeProviderServer([.json(429, ProviderBodies.openAIError(
            message: "You exceeded your current quota, please check your plan and billing details.",
            type: "insufficient_quota", code: "insufficient_quota"), headers: [("Retry-After", "1")])])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        guard case .quotaExceeded = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(server.received.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("404 (unknown model) is rejected without retry")
    func notFound() async throws {
        let server = try await FakeProviderServer([.json(404, ProviderBodies.openAIError(
            message: "The model `gpt-9` does not exist or you do not have access to it.", type: "invalid_request_error",
            code: "model_not_found"))])
        defer { Task { await server.stop() } }
        let error = await capture { try await makeTestModel(server).complete(ChatRequest(messages: reviewMessages)) }
        #expect(error == .rejected(status: 404, message: "The model `gpt-9` does not exist or you do not have access to it."))
        #expect(server.received.count == 1)
    }

    @Test("OpenRouter's 200 with an error object (402 credits) is quotaExceeded")
    func errorObjectInsideSuccess() async throws {
        let server = try await FakeProviderServer([.json(200, #"{"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"}}"#)])
        defer { Task { await server.stop() } }
        let error = await capture { try await makeTestModel(server).complete(ChatRequest(messages: reviewMessages)) }
        guard case .quotaExceeded = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("a reasoning model's 400s switch to max_completion_tokens and drop temperature, and the switch sticks")
    func reasoningModelDialect() async throws {
        let server = try await FakeProviderServer([
            .json(400, ProviderBodies.openAIError(
                message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                type: "invalid_request_error", code: "unsupported_parameter", param: "max_tokens")),
            .json(400, ProviderBodies.openAIError(
                message: "Unsupported value: 'temperature' does not support 0.0 with this model. Only the default (1) value is supported.",
                type: "invalid_request_error", code: "unsupported_value", param: "temperature")),
            .json(200, ProviderBodies.openAISuccess),
        ])
        defer { Task { await server.stop() } }
        let model = makeTestModel(server)
        _ = try await model.complete(ChatRequest(messages: reviewMessages, maxTokens: 500))
        _ = try await model.complete(ChatRequest(messages: reviewMessages, maxTokens: 500))

        let bodies = server.received.map(\.json)
        #expect(bodies.count == 4)
        #expect(bodies[0]["max_tokens"]?.int == 500)
        #expect(bodies[1]["max_completion_tokens"]?.int == 500 && bodies[1]["max_tokens"] == nil)
        #expect(bodies[1]["temperature"] != nil)
        #expect(bodies[2]["max_completion_tokens"]?.int == 500 && bodies[2]["temperature"] == nil)
        #expect(bodies[3]["max_completion_tokens"]?.int == 500 && bodies[3]["temperature"] == nil)
    }
}

/// The `ChatModelError` `body` throws, or nil when it returns. (Closures infer untyped `throws`,
/// so the type is checked here: any other error fails the test.)
func capture(_ body: () async throws -> ChatResponse) async -> ChatModelError? {
    do {
        _ = try await body()
        return nil
    } catch let error as ChatModelError {
        return error
    } catch {
        Issue.record("not a ChatModelError: \(error)")
        return nil
    }
}
