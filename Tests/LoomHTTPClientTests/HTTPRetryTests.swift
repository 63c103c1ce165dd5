// HTTPRetryTests: the retry loop against a real server: Retry-After honoured, 5xx retried, retries exhausted.

import LoomCore
import LoomHTTPClient
import Synchronization
import Testing

/// Records requested sleeps instead of sleeping.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }
    func sleep(_ duration: Duration) async { delays.withLock { $0.append(duration) } }
}

@Suite("HTTPRetry")
struct HTTPRetryTests {
    private let policy = HTTPRetryPolicy(maxRetries: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(10))

    @Test("429 with Retry-After waits what the server asked, then gets the 200")
    func retryAfter() async throws {
        try await withServerAndClient { server, client in
            let sleeps = SleepRecorder()
            let request = HTTPClientRequest(url: server.url("/flaky/rate?failures=1&status=429&retryAfter=2"))
            let response = try await HTTPRetry.send(request, using: client, policy: policy, clock: ManualClock(),
                                                    sleep: sleeps.sleep, random: { 0.5 })
            #expect(response.status == 200)
            #expect(sleeps.recorded == [.seconds(2)])
            #expect(server.record.hits("rate") == 2)
        }
    }

    @Test("503 twice, then 200, with growing backoff")
    func serviceUnavailable() async throws {
        try await withServerAndClient { server, client in
            let sleeps = SleepRecorder()
            let request = HTTPClientRequest(url: server.url("/flaky/busy?failures=2&status=503"))
            let response = try await HTTPRetry.send(request, using: client, policy: policy, clock: ManualClock(),
                                                    sleep: sleeps.sleep, random: { 0 })
            #expect(response.status == 200)
            #expect(response.text == "ok after 2 failures")
            #expect(sleeps.recorded == [.milliseconds(50), .milliseconds(100)])
        }
    }

    @Test("Retries exhausted: the last 5xx response is returned")
    func exhausted() async throws {
        try await withServerAndClient { server, client in
            let sleeps = SleepRecorder()
            let request = HTTPClientRequest(url: server.url("/flaky/down?failures=100&status=502"))
            let response = try await HTTPRetry.send(request, using: client, policy: policy, clock: ManualClock(),
                                                    sleep: sleeps.sleep, random: { 0 })
            #expect(response.status == 502)
            #expect(server.record.hits("down") == 4)
            #expect(sleeps.recorded.count == 3)
        }
    }

    @Test("A 404 is final at once")
    func notRetried() async throws {
        try await withServerAndClient { server, client in
            let sleeps = SleepRecorder()
            let request = HTTPClientRequest(url: server.url("/flaky/missing?failures=5&status=404"))
            let response = try await HTTPRetry.send(request, using: client, policy: policy, sleep: sleeps.sleep)
            #expect(response.status == 404)
            #expect(sleeps.recorded.isEmpty)
        }
    }

    @Test("Transport errors are retried, then the last one is thrown")
    func transportError() async throws {
        let server = try await TestServer.start()
        let url = server.url("/hello")
        await server.stop()
        let fixture = try ClientFixture()
        let sleeps = SleepRecorder()
        let error = await #expect(throws: HTTPClientError.self) {
            try await HTTPRetry.send(HTTPClientRequest(url: url), using: fixture.client, policy: policy, sleep: sleeps.sleep)
        }
        #expect(error.map(HTTPRetryPolicy.isRetryable) == true)
        #expect(sleeps.recorded.count == 3)
        await fixture.stop()
    }
}
