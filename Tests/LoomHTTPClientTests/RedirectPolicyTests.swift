// RedirectPolicyTests: the pure next-hop rules: method rewriting, header stripping, scheme checks.

@testable import LoomHTTPClient
import Testing

@Suite("RedirectPolicy")
struct RedirectPolicyTests {
    private let secretHeaders: [(name: String, value: String)] = [
        ("Authorization", "Bearer a"), ("PRIVATE-TOKEN", "b"), ("x-api-key", "c"), ("Cookie", "d"),
        ("Accept", "application/json"), ("Content-Type", "application/json"), ("User-Agent", "loom"),
    ]

    @Test("Same origin keeps every header")
    func sameOrigin() throws {
        let request = HTTPClientRequest(url: "https://api.example.com/a", headers: secretHeaders)
        let next = try RedirectPolicy.nextRequest(after: request, status: 302, location: "https://API.example.com:443/b")
        #expect(next.url == "https://API.example.com:443/b")
        #expect(next.headers.count == secretHeaders.count)
    }

    @Test("Another host, port or scheme keeps only the safelisted headers",
          arguments: ["http://cdn.example.com/b", "http://api.example.com:8080/b", "https://api.example.com/b"])
    func crossOrigin(location: String) throws {
        let request = HTTPClientRequest(url: "http://api.example.com/a", headers: secretHeaders)
        let next = try RedirectPolicy.nextRequest(after: request, status: 307, location: location)
        #expect(next.headers.map { $0.name.lowercased() } == ["accept", "content-type", "user-agent"])
    }

    @Test("https never redirects to http")
    func downgrade() {
        let request = HTTPClientRequest(url: "https://api.example.com/a")
        #expect(throws: HTTPClientError.self) {
            try RedirectPolicy.nextRequest(after: request, status: 302, location: "http://api.example.com/b")
        }
    }

    @Test("POST becomes GET on 301, 302 and 303, and stays POST on 307 and 308",
          arguments: [(301, "GET"), (302, "GET"), (303, "GET"), (307, "POST"), (308, "POST")])
    func methods(status: Int, method: String) throws {
        let request = HTTPClientRequest(method: "POST", url: "https://a.example/x", headers: [("Content-Type", "text/plain")],
                                        body: [1, 2, 3])
        let next = try RedirectPolicy.nextRequest(after: request, status: status, location: "https://a.example/y")
        #expect(next.method == method)
        #expect((next.body == nil) == (method == "GET"))
        #expect(next.headers.isEmpty == (method == "GET"))
    }

    @Test("PUT keeps its method on 302; anything but HEAD becomes GET on 303")
    func otherMethods() throws {
        let put = HTTPClientRequest(method: "PUT", url: "https://a.example/x", body: [1])
        #expect(try RedirectPolicy.nextRequest(after: put, status: 302, location: "https://a.example/y").method == "PUT")
        #expect(try RedirectPolicy.nextRequest(after: put, status: 303, location: "https://a.example/y").method == "GET")
        let head = HTTPClientRequest(method: "HEAD", url: "https://a.example/x")
        #expect(try RedirectPolicy.nextRequest(after: head, status: 303, location: "https://a.example/y").method == "HEAD")
    }
}
