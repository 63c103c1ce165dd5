// CurlHTTPClientTests: requests against a real local server: methods, bodies, headers, size, reuse, concurrency.

import LoomCore
import LoomHTTPClient
import Testing

@Suite("CurlHTTPClient")
struct CurlHTTPClientTests {
    @Test("GET returns status, body and the final URL")
    func get() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(url: server.url("/hello")))
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.url == server.url("/hello"))
            #expect(response.header("content-length") == "5")
        }
    }

    @Test("POST, PUT, PATCH and DELETE send their method and body", arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func methodsWithBody(method: String) async throws {
        try await withServerAndClient { server, client in
            let body = Array("{\"method\":\"\(method)\"}".utf8)
            let request = HTTPClientRequest(method: method, url: server.url("/echo"),
                                            headers: [("Content-Type", "application/json")], body: body)
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.header("X-Method") == method)
            #expect(response.header("X-Content-Type") == "application/json")
            #expect(response.body == body)
        }
    }

    @Test("A binary body with NUL bytes survives, and no form content type is invented")
    func binaryBody() async throws {
        try await withServerAndClient { server, client in
            let body: [UInt8] = [0, 1, 2, 0, 255, 13, 10, 0]
            let response = try await client.send(HTTPClientRequest(method: "POST", url: server.url("/echo"), body: body))
            #expect(response.body == body)
            #expect(response.header("X-Content-Type") == "none")
        }
    }

    @Test("PUT without a body declares Content-Length: 0")
    func emptyPut() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(method: "PUT", url: server.url("/echo")))
            #expect(response.status == 200)
            #expect(response.header("X-Content-Length") == "0")
            #expect(response.body.isEmpty)
        }
    }

    @Test("Custom request headers arrive; response headers come back in order, repeats kept")
    func headers() async throws {
        try await withServerAndClient { server, client in
            let request = HTTPClientRequest(url: server.url("/headers"),
                                            headers: [("X-Custom", "value 1"), ("Authorization", "Bearer t0ken"), ("X-Empty", "")])
            let response = try await client.send(request)
            let seen = response.text.split(separator: "\n").map(String.init)
            #expect(seen.contains("x-custom: value 1"))
            #expect(seen.contains("authorization: Bearer t0ken"))
            #expect(seen.contains("x-empty: "))
            #expect(seen.contains { $0.hasPrefix("user-agent: loom/") })
            #expect(seen.contains { $0.hasPrefix("accept-encoding: ") })
            #expect(!seen.contains { $0.hasPrefix("expect:") })
            #expect(response.header("x-reply") == "one")
            #expect(response.headers.filter { $0.name == "X-Multi" }.map(\.value) == ["a", "b"])
        }
    }

    @Test("A gzip response is decoded")
    func gzip() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(url: server.url("/gzip")))
            #expect(response.text == String(repeating: "hello, compressed world! ", count: 4))
        }
    }

    @Test("A response of several megabytes arrives intact")
    func largeResponse() async throws {
        try await withServerAndClient { server, client in
            let size = 6 * 1024 * 1024 + 17
            let response = try await client.send(HTTPClientRequest(url: server.url("/big?size=\(size)")))
            #expect(response.body.count == size)
            #expect(response.body == TestServer.pattern(size))
        }
    }

    @Test("A body over the configured cap fails instead of growing without bound")
    func responseCap() async throws {
        var configuration = CurlHTTPClientConfiguration()
        configuration.maxResponseBytes = 100_000
        try await withServerAndClient(configuration: configuration) { server, client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(HTTPClientRequest(url: server.url("/big?size=100001")))
            }
            #expect(error?.description.contains("exceeds 100000 bytes") == true)
            let fits = try await client.send(HTTPClientRequest(url: server.url("/big?size=100000")))
            #expect(fits.body.count == 100_000)
        }
    }

    @Test("Sequential requests reuse one keep-alive connection")
    func keepAlive() async throws {
        try await withServerAndClient { server, client in
            for _ in 0..<5 {
                let response = try await client.send(HTTPClientRequest(url: server.url("/peer")))
                #expect(response.status == 200)
                #expect(server.server.connectionCount == 1)
            }
            #expect(Set(server.record.peerPorts).count == 1)
        }
    }

    @Test("200 concurrent requests all complete with their own bodies")
    func concurrent() async throws {
        try await withServerAndClient { server, client in
            let sizes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let response = try await client.send(HTTPClientRequest(url: server.url("/big?size=\(1000 + index)")))
                        #expect(response.body == TestServer.pattern(1000 + index))
                        return (index, response.body.count)
                    }
                }
                var sizes: [Int: Int] = [:]
                for try await (index, size) in group { sizes[index] = size }
                return sizes
            }
            #expect(sizes.count == 200)
            #expect(sizes.allSatisfy { $0.value == 1000 + $0.key })
            #expect(await client.activeTransferCount() == 0)
        }
    }

    @Test("A slow request does not hold up a fast one on the same client")
    func loopNeverBlocks() async throws {
        try await withServerAndClient { server, client in
            let clock = SystemClock()
            let start = clock.now()
            async let slow = client.send(HTTPClientRequest(url: server.url("/slow/1500")))
            try await Task.sleep(for: .milliseconds(50))
            let fast = try await client.send(HTTPClientRequest(url: server.url("/hello")))
            let fastElapsed = clock.now() - start
            #expect(fast.text == "hello")
            #expect(fastElapsed < .milliseconds(1000))
            #expect(try await slow.text == "slept 1500")
        }
    }

    @Test("Closed connections are replaced; a reused descriptor number never gets a stale event")
    func connectionClose() async throws {
        try await withServerAndClient { server, client in
            // Each response closes its connection, so curl closes sockets whose numbers the next
            // connections take again, ten streams at a time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for stream in 0..<10 {
                    group.addTask {
                        for step in 0..<10 {
                            let size = 100 * stream + step + 1
                            let request = HTTPClientRequest(url: server.url("/big?size=\(size)"), headers: [("Connection", "close")])
                            let response = try await client.send(request)
                            #expect(response.body == TestServer.pattern(size))
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(await client.activeTransferCount() == 0)
        }
    }

    @Test("A host name is resolved without blocking the loop")
    func hostName() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(url: "http://localhost:\(server.address.port)/hello"))
            #expect(response.text == "hello")
        }
    }

    @Test("A client on the server's own loop works: neither side ever blocks the thread")
    func sharedLoop() async throws {
        let server = try await TestServer.start()
        let client = CurlHTTPClient(loop: server.group.loops[0])
        async let slow = client.send(HTTPClientRequest(url: server.url("/slow/500")))
        let fast = try await client.send(HTTPClientRequest(url: server.url("/hello")))
        #expect(fast.text == "hello")
        #expect(try await slow.text == "slept 500")
        await client.shutdown()
        await server.stop()
    }

    @Test("Shutdown fails the transfers still running")
    func shutdownDuringTransfer() async throws {
        let server = try await TestServer.start()
        let fixture = try ClientFixture()
        let pending = Task { try await fixture.client.send(HTTPClientRequest(url: server.url("/slow/3000"))) }
        try await Task.sleep(for: .milliseconds(200))
        await fixture.client.shutdown()
        await #expect(throws: HTTPClientError.other("HTTP client was shut down")) { try await pending.value }
        await fixture.stop()
        await server.stop()
    }

    @Test("Requests after shutdown fail; shutdown twice is harmless")
    func afterShutdown() async throws {
        let server = try await TestServer.start()
        let fixture = try ClientFixture()
        _ = try await fixture.client.send(HTTPClientRequest(url: server.url("/hello")))
        await fixture.client.shutdown()
        await #expect(throws: HTTPClientError.other("HTTP client was shut down")) {
            try await fixture.client.send(HTTPClientRequest(url: server.url("/hello")))
        }
        await fixture.client.shutdown()
        await fixture.stop()
        await server.stop()
    }
}
