// CurlRedirectTests: redirects followed to relative and absolute URLs, with credentials kept to the first origin.

import LoomHTTPClient
import Testing

@Suite("CurlHTTPClient redirects")
struct CurlRedirectTests {
    @Test("A 302 to a relative URL is followed, and the final URL reported", arguments: [301, 302, 307, 308])
    func relative(status: Int) async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(url: server.url("/redirect?status=\(status)&to=/hello")))
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.url == server.url("/hello"))
        }
    }

    @Test("A 302 to an absolute URL on the same origin keeps the credentials")
    func absoluteSameOrigin() async throws {
        try await withServerAndClient { server, client in
            let request = HTTPClientRequest(url: server.url("/redirect?to=\(server.url("/headers"))"),
                                            headers: [("Authorization", "Bearer secret"), ("PRIVATE-TOKEN", "glpat")])
            let response = try await client.send(request)
            #expect(response.url == server.url("/headers"))
            #expect(response.text.contains("authorization: Bearer secret"))
            #expect(response.text.contains("private-token: glpat"))
        }
    }

    @Test("Credentials are not forwarded to another host or port")
    func crossOrigin() async throws {
        let other = try await TestServer.start()
        try await withServerAndClient { server, client in
            let request = HTTPClientRequest(url: server.url("/redirect?to=\(other.url("/headers"))"),
                                            headers: [("Authorization", "Bearer secret"), ("PRIVATE-TOKEN", "glpat"),
                                                      ("x-api-key", "sk-secret"), ("Cookie", "session=1"), ("Accept", "text/plain")])
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.url == other.url("/headers"))
            #expect(!response.text.contains("secret"))
            #expect(!response.text.contains("glpat"))
            #expect(!response.text.contains("session=1"))
            #expect(response.text.contains("accept: text/plain"))
        }
        await other.stop()
    }

    @Test("303 after a POST becomes a GET without the body")
    func seeOther() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(method: "POST", url: server.url("/see-other"), body: Array("x".utf8)))
            #expect(response.text == "GET")
        }
    }

    @Test("A redirect loop stops with tooManyRedirects")
    func loop() async throws {
        try await withServerAndClient { server, client in
            await #expect(throws: HTTPClientError.tooManyRedirects) {
                try await client.send(HTTPClientRequest(url: server.url("/loop")))
            }
        }
    }

    @Test("With following off, the 3xx itself is the response")
    func notFollowed() async throws {
        try await withServerAndClient { server, client in
            let response = try await client.send(HTTPClientRequest(url: server.url("/redirect?to=/hello"), followRedirects: false))
            #expect(response.status == 302)
            #expect(response.header("Location") == "/hello")
        }
    }

    @Test("A redirect to a non-web scheme is refused")
    func otherScheme() async throws {
        try await withServerAndClient { server, client in
            await #expect(throws: HTTPClientError.invalidURL("file:///etc/passwd")) {
                try await client.send(HTTPClientRequest(url: server.url("/redirect?to=file:///etc/passwd")))
            }
        }
    }
}
