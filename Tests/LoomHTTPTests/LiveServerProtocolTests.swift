// LiveServerProtocolTests: keep-alive, pipelining, chunked upload, 100-continue, HTTP/1.0, HEAD, routing, over real sockets.

import LoomCore
import LoomHTTP
import Testing

@Suite("Live server: protocol")
struct LiveServerProtocolTests {
    @Test("keep-alive: several requests on one connection")
    func keepAlive() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: test\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200 && response.text == "hello")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
        }
        #expect(server.server.connectionCount == 1)
        await server.stop()
    }

    @Test("pipelined requests are answered in order even when the first is the slowest")
    func pipelining() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("GET /slow/150 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\npong")
        let first = try #require(client.readResponse())
        let second = try #require(client.readResponse())
        let third = try #require(client.readResponse())
        #expect([first.text, second.text, third.text] == ["slept 150", "hello", "pong"])
        await server.stop()
    }

    @Test("chunked upload with extensions and a trailer arrives whole")
    func chunkedUpload() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        client.send("5;name=value\r\nhello\r\n")
        try await Task.sleep(for: .milliseconds(20))
        client.send("7\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == "hello, world")
        #expect(response.header("X-Trailer-Count") == "1")
        await server.stop()
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
        #expect(client.readInterim() == "HTTP/1.1 100 Continue")
        client.send("hello there")
        let response = try #require(client.readResponse())
        #expect(response.status == 200 && response.text == "hello there")
        await server.stop()
    }

    @Test("Expect: 100-continue with a body over the limit gets 413 without the body being sent")
    func expectContinueTooLarge() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 413)
        #expect(client.waitForClose())
        await server.stop()
    }

    @Test("HTTP/1.0 is answered and closed; with keep-alive it stays open")
    func http10() async throws {
        let server = try await LiveServer.start()
        let plain = try RawClient(server.address)
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try #require(plain.readResponse())
        #expect(response.status == 200 && response.header("Connection") == "close")
        #expect(plain.waitForClose())

        let kept = try RawClient(server.address)
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.header("Connection") == "keep-alive")
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.text == "hello")
        await server.stop()
    }

    @Test("HEAD answers with the GET headers and no body")
    func head() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        // Content-Length says 5 but no body follows, so the next response starts right away.
        let marker = try #require(client.readInterim())
        #expect(marker.contains("Content-Length: 5"))
        #expect(client.readResponse()?.text == "hello")
        await server.stop()
    }

    @Test("unknown paths get a JSON 404; wrong methods a JSON 405 with Allow")
    func routingErrors() async throws {
        let server = try await LiveServer.start()
        let client = try RawClient(server.address)
        client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
        let notFound = try #require(client.readResponse())
        #expect(notFound.status == 404)
        #expect(notFound.header("Content-Type") == "application/json")
        #expect(notFound.text.hasPrefix("{\"success\":false,\"error\":\"not_found\",\"message\":"))
        client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let notAllowed = try #require(client.readResponse())
        #expect(notAllowed.status == 405)
        #expect(notAllowed.header("Allow") == "GET, HEAD")
        #expect(notAllowed.text.contains("\"error\":\"method_not_allowed\""))
        await server.stop()
    }

    @Test("X-Forwarded-For and -Proto are believed only from trusted proxies")
    func forwardedHeaders() async throws {
        let request = "GET /client HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 198.51.100.9, 203.0.113.7\r\nX-Forwarded-Proto: https\r\n\r\n"
        let trusting = try await LiveServer.start()
        let viaProxy = try RawClient(trusting.address)
        viaProxy.send(request)
        #expect(viaProxy.readResponse()?.text == "203.0.113.7 https")
        await trusting.stop()

        let untrusting = try await LiveServer.start(trustedProxies: [])
        let direct = try RawClient(untrusting.address)
        direct.send(request)
        #expect(direct.readResponse()?.text == "127.0.0.1 http")
        await untrusting.stop()
    }
}
