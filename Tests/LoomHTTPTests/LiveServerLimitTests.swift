// LiveServerLimitTests: limits, smuggling attempts, timeouts, slow readers and graceful shutdown over real sockets.

import LoomCore
import LoomHTTP
import Testing

@Suite("Live server: limits, timeouts and shutdown")
struct LiveServerLimitTests {
    /// Sends `request`, expects an error `status` as JSON with `Connection: close`, then the close.
    func expectRejected(_ request: String, status: Int, on server: LiveServer) throws {
        let client = try RawClient(server.address)
        client.send(request)
        let response = try #require(client.readResponse(), "no response to \(request.prefix(40))")
        #expect(response.status == status, "\(request.prefix(60))")
        #expect(response.header("Connection") == "close")
        #expect(response.text.hasPrefix("{\"success\":false,\"error\":"))
        #expect(client.waitForClose())
    }

    @Test("oversized headers 431, oversized body 413, malformed 400, HTTP/2.0 505, smuggling 400")
    func limitsAndSmuggling() async throws {
        let server = try await LiveServer.start()
        let huge = String(repeating: "a", count: 20_000)
        try expectRejected("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: \(huge)\r\n\r\n", status: 431, on: server)
        try expectRejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n", status: 413, on: server)
        try expectRejected("GET /hello  HTTP/1.1\r\nHost: t\r\n\r\n", status: 400, on: server)
        try expectRejected("GET /hello HTTP/2.0\r\nHost: t\r\n\r\n", status: 505, on: server)
        try expectRejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                           status: 400, on: server)
        try expectRejected("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", status: 400, on: server)
        try expectRejected("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400, on: server)
        #expect(await eventually { server.server.connectionCount == 0 }, "every rejected connection is closed")
        await server.stop()
    }

    @Test("a request smuggled behind an invalid one is never executed")
    func nothingAfterInvalid() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 400)
        #expect(client.waitForClose())
        #expect(!client.unread.contains("hello"))
        await server.stop()
    }

    @Test("a client stalling mid-head gets 408 after the header timeout")
    func headerTimeout() async throws {
        let server = try await LiveServer.start { $0.headerTimeout = .milliseconds(300) }
        let client = try RawClient(server.address)
        client.send("GET /hello HTTP/1.1\r\nHo")
        let response = try #require(client.readResponse(timeout: 2000))
        #expect(response.status == 408)
        #expect(client.waitForClose())
        await server.stop()
    }

    @Test("a client stalling mid-body gets 408 after the body timeout")
    func bodyTimeout() async throws {
        let server = try await LiveServer.start { $0.bodyTimeout = .milliseconds(300) }
        let client = try RawClient(server.address)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345")
        let response = try #require(client.readResponse(timeout: 2000))
        #expect(response.status == 408)
        #expect(client.waitForClose())
        await server.stop()
    }

    @Test("an idle keep-alive connection is closed quietly after the idle timeout")
    func idleTimeout() async throws {
        let server = try await LiveServer.start { $0.idleTimeout = .milliseconds(300) }
        let client = try RawClient(server.address)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(client.waitForClose(timeout: 2000))
        #expect(client.unread.isEmpty, "no response is sent for an idle timeout")
        #expect(await eventually { server.server.connectionCount == 0 })
        await server.stop()
    }

    @Test("a client that never reads does not stall others and is closed by the write timeout")
    func clientThatNeverReads() async throws {
        let server = try await LiveServer.start { $0.writeTimeout = .milliseconds(400) }
        let hog = try RawClient(server.address)
        hog.send(String(repeating: "GET /big?size=200000 HTTP/1.1\r\nHost: t\r\n\r\n", count: 200))
        let polite = try RawClient(server.address)
        for _ in 0..<5 {
            polite.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(polite.readResponse(timeout: 1000)?.text == "hello")
        }
        #expect(await eventually(timeout: .seconds(5)) { server.server.connectionCount == 1 }, "the hog is cut off")
        await server.stop()
    }

    @Test("graceful shutdown: the in-flight request finishes, idle connections close, no new ones are accepted")
    func gracefulShutdown() async throws {
        let server = try await LiveServer.start()
        let busy = try RawClient(server.address)
        let idle = try RawClient(server.address)
        idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        busy.send("GET /slow/1500 HTTP/1.1\r\nHost: t\r\n\r\n")
        try await Task.sleep(for: .milliseconds(50))
        let address = server.address
        let stopping = Task { await server.stop(grace: .seconds(20)) }
        #expect(idle.waitForClose(timeout: 5000), "idle connections close at once")
        // Each loop closes its own listener; once all have, nothing new is accepted.
        #expect(await eventually(timeout: .seconds(5)) { (try? RawClient(address)) == nil }, "no new connections")
        let response = try #require(busy.readResponse())
        #expect(response.status == 200 && response.text == "slept 1500")
        #expect(response.header("Connection") == "close")
        #expect(busy.waitForClose())
        await stopping.value
    }
}
