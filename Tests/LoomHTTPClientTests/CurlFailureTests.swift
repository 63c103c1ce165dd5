// CurlFailureTests: timeouts, refused connections, bad input and task cancellation map to HTTPClientError.

import LoomCore
import LoomHTTPClient
import LoomReactor
import Testing

@Suite("CurlHTTPClient failures")
struct CurlFailureTests {
    @Test("The whole-request timeout fires against a route that sleeps")
    func timeout() async throws {
        try await withServerAndClient { server, client in
            let clock = SystemClock()
            let start = clock.now()
            await #expect(throws: HTTPClientError.timeout) {
                try await client.send(HTTPClientRequest(url: server.url("/slow/3000"), timeout: .milliseconds(300)))
            }
            #expect(clock.now() - start < .milliseconds(2500))
            // The client is still usable afterwards.
            let after = try await client.send(HTTPClientRequest(url: server.url("/hello")))
            #expect(after.text == "hello")
        }
    }

    @Test("A refused connection is a connection failure")
    func connectionRefused() async throws {
        // Bind a port, then close it, so nothing listens there.
        let server = try await TestServer.start()
        let url = server.url("/hello")
        await server.stop()
        let fixture = try ClientFixture()
        let error = await #expect(throws: HTTPClientError.self) {
            try await fixture.client.send(HTTPClientRequest(url: url))
        }
        if case .connectionFailed(let message)? = error {
            #expect(!message.isEmpty)
        } else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
        }
        await fixture.stop()
    }

    @Test("Malformed and non-web URLs are rejected before any I/O",
          arguments: ["not a url", "ftp://example.com/file", "file:///etc/passwd", "http://"])
    func invalidURL(url: String) async throws {
        let fixture = try ClientFixture()
        await #expect(throws: HTTPClientError.invalidURL(url)) {
            try await fixture.client.send(HTTPClientRequest(url: url))
        }
        await fixture.stop()
    }

    @Test("Header values with line breaks cannot smuggle fields")
    func headerInjection() async throws {
        let fixture = try ClientFixture()
        await #expect(throws: HTTPClientError.self) {
            try await fixture.client.send(HTTPClientRequest(url: "http://127.0.0.1:1/", headers: [("X-A", "b\r\nX-Evil: 1")]))
        }
        await #expect(throws: HTTPClientError.self) {
            try await fixture.client.send(HTTPClientRequest(method: "GE T", url: "http://127.0.0.1:1/"))
        }
        await fixture.stop()
    }

    @Test("Cancelling the task removes the transfer and throws cancelled")
    func cancellation() async throws {
        try await withServerAndClient { server, client in
            let clock = SystemClock()
            let start = clock.now()
            let task = Task { try await client.send(HTTPClientRequest(url: server.url("/slow/5000"))) }
            try await Task.sleep(for: .milliseconds(200))
            #expect(await client.activeTransferCount() == 1)
            task.cancel()
            await #expect(throws: HTTPClientError.cancelled) { try await task.value }
            #expect(clock.now() - start < .seconds(3))
            #expect(await client.activeTransferCount() == 0)
            // The cancelled transfer's connection was mid-response, so curl closed it; a new one serves this.
            #expect(try await client.send(HTTPClientRequest(url: server.url("/hello"))).status == 200)
        }
    }

    @Test("A task cancelled before sending never starts a transfer")
    func cancelledBeforeStart() async throws {
        try await withServerAndClient { server, client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.send(HTTPClientRequest(url: server.url("/hello")))
            }
            await #expect(throws: HTTPClientError.cancelled) { try await task.value }
            #expect(await client.activeTransferCount() == 0)
        }
    }

    @Test("Dropping a client without shutdown frees its curl state on the loop")
    func deinitWithoutShutdown() async throws {
        let server = try await TestServer.start()
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        do {
            let client = CurlHTTPClient(loop: group.loops[0])
            #expect(try await client.send(HTTPClientRequest(url: server.url("/hello"))).status == 200)
            #expect(server.server.connectionCount == 1)
        }
        // The deinit queued a shutdown on the loop, which closes the cached keep-alive connection.
        let closed = await eventually(timeout: .seconds(3)) { server.server.connectionCount == 0 }
        #expect(closed)
        group.shutdown()
        await server.stop()
    }
}
