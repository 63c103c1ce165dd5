// RetryTests: the retry loop against a real server: Retry-After, 5xx exhaustion, timeouts, network errors.

import LoomCore
import LoomLLM
import Testing

@Suite("Model call retries", .serialized)
struct RetryTests {
    @Test("429 with Retry-After waits what the server asked, then succeeds; usage sums over attempts")
    func rateLimitedThenSuccess() async throws {
        let rateLimited = ProviderBodies.openAIError(
            message: "Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.",
            type: "requests", code: "rate_limit_exceeded")
        let server = try await FakeProviderServer([
            .json(429, rateLimited, headers: [("Retry-After", "2")]),
            .json(429, rateLimited, headers: [("x-ratelimit-remaining-requests", "10"), ("x-ratelimit-reset-requests", "120ms"),
                                              ("x-ratelimit-remaining-tokens", "0"), ("x-ratelimit-reset-tokens", "1.5s")]),
            .json(200, ProviderBodies.openAISuccess),
        ])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let response = try await makeTestModel(server, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages))
        #expect(response.attempts == 3)
        #expect(sleeps.recorded == [.seconds(2), .milliseconds(1500)])
        #expect(server.received.count == 3)
        #expect(response.usage == TokenUsage(input: 1117, output: 46))
    }

    @Test("429 without hints backs off exponentially with jitter; rateLimited when retries run out")
    func rateLimitedExhausted() async throws {
        let server = try await FakeProviderServer([.json(429, ProviderBodies.openAIError(
            message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded"))])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, maxRetries: 2, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        #expect(error == .rateLimited("Rate limit reached"))
        #expect(server.received.count == 3)
        // random pinned at 0.5: step/2 + step/4 with steps 1 s, 2 s.
        #expect(sleeps.recorded == [.milliseconds(750), .milliseconds(1500)])
    }

    @Test("a Retry-After longer than one call waits ends the call at once")
    func retryAfterTooLong() async throws {
        let server = try await FakeProviderServer([.json(429, ProviderBodies.anthropicError(type: "rate_limit_error", message: "slow down"),
                                                         headers: [("retry-after", "3600")])])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, provider: .anthropic, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        guard case .rateLimited(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("3600 s"))
        #expect(server.received.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("500s until the retries run out → server error after 1 + maxRetries attempts")
    func serverErrorsExhaust() async throws {
        let server = try await FakeProviderServer([.json(500, ProviderBodies.openAIError(
            message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: nil))])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, maxRetries: 3, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        #expect(error == .server(status: 500, message: "The server had an error while processing your request. Sorry about that!"))
        #expect(server.received.count == 4)
        #expect(sleeps.recorded == [.milliseconds(750), .milliseconds(1500), .seconds(3)])
    }

    @Test("502 then 200 recovers")
    func serverErrorThenSuccess() async throws {
        let server = try await FakeProviderServer([
            CannedResponse(status: 502, headers: [("Content-Type", "text/html")], body: "<html>Bad Gateway</html>"),
            .json(200, ProviderBodies.openAISuccess),
        ])
        defer { Task { await server.stop() } }
        let response = try await makeTestModel(server).complete(ChatRequest(messages: reviewMessages))
        #expect(response.attempts == 2)
    }

    @Test("maxRetries 0 makes exactly one attempt")
    func noRetries() async throws {
        let server = try await FakeProviderServer([.json(503, "{}")])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let error = await capture { try await makeTestModel(server, maxRetries: 0, sleeps: sleeps).complete(ChatRequest(messages: reviewMessages)) }
        guard case .server(status: 503, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(server.received.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("a server slower than the timeout → timeout after every attempt timed out")
    func timeout() async throws {
        let server = try await FakeProviderServer([.json(200, ProviderBodies.openAISuccess, delay: .seconds(3))])
        defer { Task { await server.stop() } }
        let sleeps = SleepRecorder()
        let model = makeTestModel(server, maxRetries: 1, timeout: .milliseconds(300), sleeps: sleeps)
        let error = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
        #expect(error == .timeout)
        #expect(server.received.count == 2)
        #expect(sleeps.recorded.count == 1)
    }

    @Test("nothing listening → network error after the retries")
    func connectionRefused() async throws {
        // Start and stop a server to get a port that is (almost certainly) free now.
        let server = try await FakeProviderServer([.json(200, "{}")])
        let baseURL = server.baseURL
        await server.stop()
        let sleeps = SleepRecorder()
        let endpoint = ModelEndpoint(baseURL: baseURL, model: "m", maxRetries: 2)
        let model = makeChatModel(endpoint: endpoint, client: SocketHTTPClient(), clock: ManualClock(),
                                  sleep: { try await sleeps.sleep($0) }, random: { 0 }, logger: quietLogger)
        let error = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
        guard case .network = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(sleeps.recorded == [.milliseconds(500), .seconds(1)])
    }

    @Test("an invalid URL fails at once")
    func invalidURL() async throws {
        let sleeps = SleepRecorder()
        let endpoint = ModelEndpoint(baseURL: "ftp://example", model: "m")
        let model = makeChatModel(endpoint: endpoint, client: SocketHTTPClient(), sleep: { try await sleeps.sleep($0) })
        let error = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
        guard case .network = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("a throwing sleep (cancellation) ends the call")
    func cancelledWhileWaiting() async throws {
        let server = try await FakeProviderServer([.json(503, "{}")])
        defer { Task { await server.stop() } }
        let endpoint = ModelEndpoint(baseURL: server.baseURL, model: "m", maxRetries: 5)
        let model = makeChatModel(endpoint: endpoint, client: SocketHTTPClient(), sleep: { _ in throw CancellationError() }, logger: quietLogger)
        let error = await capture { try await model.complete(ChatRequest(messages: reviewMessages)) }
        guard case .network(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("cancelled"))
        #expect(server.received.count == 1)
    }
}
