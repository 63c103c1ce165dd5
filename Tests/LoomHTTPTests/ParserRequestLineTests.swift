// ParserRequestLineTests: request lines, targets, versions and connection defaults, fed whole and byte by byte.

import LoomHTTP
import Testing

@Suite struct ParserRequestLineTests {
    @Test func simpleGet() throws {
        let text = "GET /health HTTP/1.1\r\nHost: loom.example\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"
        let fed = ParserFeeding.feedAllWays(text)
        let r = try #require(fed.request)
        #expect(r.method == "GET")
        #expect(r.target == "/health")
        #expect(r.path == "/health")
        #expect(r.query == nil)
        #expect(r.version == .http1_1)
        #expect(r.headers == [.init(name: "Host", value: "loom.example"), .init(name: "User-Agent", value: "curl/8.5.0"),
                              .init(name: "Accept", value: "*/*")])
        #expect(r.trailers.isEmpty)
        #expect(r.body.isEmpty)
        #expect(r.keepAlive)
        #expect(!r.expectsContinue)
        #expect(r.consumed == text.utf8.count)
        #expect(fed.bytewise.headCompletes.isEmpty)
        #expect(fed.end == .needMore(leftover: 0, midRequest: false))
    }

    @Test func requestWithoutHeadersOnHTTP10() throws {
        let r = try #require(ParserFeeding.feedAllWays("GET / HTTP/1.0\r\n\r\n").request)
        #expect(r.version == .http1_0)
        #expect(r.headers.isEmpty)
        #expect(!r.keepAlive)
    }

    @Test(arguments: [
        ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
        ("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
        ("HTTP/1.0", "Connection: TE\r\nConnection:keep-alive \r\n", true),
        ("HTTP/1.1", "", true),
        ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: CLOSE\r\n", false),
        ("HTTP/1.1", "Connection: keep-alive\r\n", true),
        ("HTTP/1.1", "Connection: upgrade ,  close\r\n", false),
        ("HTTP/1.1", "Connection: closed\r\n", true),
        ("HTTP/1.1", "X-Connection: close\r\n", true),
    ])
    func keepAliveDefaults(version: String, connection: String, keepAlive: Bool) throws {
        let r = try #require(ParserFeeding.feedAllWays("GET / \(version)\r\nHost: a\r\n\(connection)\r\n").request)
        #expect(r.keepAlive == keepAlive)
    }

    @Test func absoluteFormTarget() throws {
        let r = try #require(ParserFeeding.feedAllWays(
            "GET http://loom.example:8080/api/jobs?status=done HTTP/1.1\r\nHost: loom.example:8080\r\n\r\n").request)
        #expect(r.target == "http://loom.example:8080/api/jobs?status=done")
        #expect(r.path == "/api/jobs")
        #expect(r.query == "status=done")

        let bare = try #require(ParserFeeding.feedAllWays("GET HTTPS://loom.example HTTP/1.1\r\nHost: x\r\n\r\n").request)
        #expect(bare.path == "/")
        #expect(bare.query == nil)

        let queryOnly = try #require(ParserFeeding.feedAllWays("GET http://h?x=1 HTTP/1.1\r\nHost: h\r\n\r\n").request)
        #expect(queryOnly.path == "/")
        #expect(queryOnly.query == "x=1")
    }

    @Test func asteriskTarget() throws {
        let r = try #require(ParserFeeding.feedAllWays("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").request)
        #expect(r.method == "OPTIONS")
        #expect(r.target == "*")
        #expect(r.path == "*")
        ParserFeeding.expectInvalid("GET * HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "invalid_target")
        ParserFeeding.expectInvalid("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "invalid_target")
    }

    @Test func authorityFormOnlyForConnect() throws {
        let r = try #require(ParserFeeding.feedAllWays("CONNECT loom.example:443 HTTP/1.1\r\nHost: loom.example:443\r\n\r\n").request)
        #expect(r.path == "loom.example:443")
        ParserFeeding.expectInvalid("GET loom.example:443 HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "invalid_target")
        ParserFeeding.expectInvalid("GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "invalid_target")
    }

    @Test func queryParsing() throws {
        let target = "/api/jobs?status=queued&repo=acme%2Fwidgets&limit=10&q=a+b%20c&empty=&flag&status=done&bad=%zz%4&caf%C3%A9=%C3%A9t%C3%A9&a%3Db=1"
        let r = try #require(ParserFeeding.feedAllWays("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n").request)
        #expect(r.path == "/api/jobs")
        #expect(r.query == String(target.dropFirst("/api/jobs?".count)))

        let request = HTTPRequest(method: .get, target: target)
        #expect(request.queryParameter("status") == "queued")
        #expect(request.queryParameter("repo") == "acme/widgets")
        #expect(request.queryParameter("limit") == "10")
        #expect(request.queryParameter("q") == "a b c")
        #expect(request.queryParameter("empty") == "")
        #expect(request.queryParameter("flag") == "")
        #expect(request.queryParameter("bad") == "%zz%4")
        #expect(request.queryParameter("café") == "été")
        #expect(request.queryParameter("a=b") == "1")
        #expect(request.queryParameter("missing") == nil)
        #expect(request.queryParameter("Status") == nil)

        let none = HTTPRequest(method: .get, target: "/x")
        #expect(none.query == nil)
        #expect(none.queryParameter("a") == nil)
        let emptyQuery = HTTPRequest(method: .get, target: "/x?")
        #expect(emptyQuery.path == "/x")
        #expect(emptyQuery.query == "")
        #expect(emptyQuery.queryParameter("") == nil)
        let secondQuestion = HTTPRequest(method: .get, target: "/x?a=1?b=2&&c")
        #expect(secondQuestion.query == "a=1?b=2&&c")
        #expect(secondQuestion.queryParameter("a") == "1?b=2")
        #expect(secondQuestion.queryParameter("c") == "")
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        let text = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let r = try #require(ParserFeeding.feedAllWays(text).request)
        #expect(r.consumed == text.utf8.count)
        ParserFeeding.expectInvalid("\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "malformed_request_line")
        ParserFeeding.expectInvalid("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "bare_lf")
        ParserFeeding.expectInvalid("\r\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "bare_cr")
    }

    @Test func methods() throws {
        for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PURGE", "get", "M-SEARCH", "X!#$%&'*+.^_`|~9"] {
            let r = try #require(ParserFeeding.feedAllWays("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n").request)
            #expect(r.method == method)
        }
        let r = try #require(ParserFeeding.whole(Array("DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8)).requests.first)
        #expect(HTTPMethod(rawValue: r.method) == .delete)
    }

    @Test(arguments: [
        "GET\r\n",
        "GET /\r\n",
        "GET / \r\n",
        "/ HTTP/1.1\r\n",
        " GET / HTTP/1.1\r\n",
        "GET  / HTTP/1.1\r\n",
        "GET /  HTTP/1.1\r\n",
        "GET / HTTP/1.1 \r\n",
        "GET / http/1.1\r\n",
        "GET / Http/1.1\r\n",
        "GET\t/ HTTP/1.1\r\n",
        "GET /\tHTTP/1.1\r\n",
        "G(T / HTTP/1.1\r\n",
        "GET /a b HTTP/1.1\r\n",
        "GET / HTTP/1.\r\n",
        "GET / HTTP/1.1.1\r\n",
        "GET / HTTP/11\r\n",
        "GET / HTTP/1,1\r\n",
        "GET / HTTPS/1.1\r\n",
        "GET / HTTP/a.b\r\n",
        "GET / HTTP/1.1x\r\n",
        "GET /caf\u{E9} HTTP/1.1\r\n",
        "\u{1}\u{2}\u{3}garbage\u{7F}\r\n",
        "GET / HTTP/1.1 extra\r\n",
        "GET\u{0}/ HTTP/1.1\r\n",
        "\u{16}\u{3}\u{1}\u{2}\u{0}\u{1}\r\n",
        "PRI * HTTP/2.0\r\n",  // the HTTP/2 preface: * is OPTIONS-only
    ])
    func malformedRequestLine(line: String) {
        let fed = ParserFeeding.feedAllWays(line + "Host: a\r\n\r\n")
        #expect(fed.error?.status == 400, "\(line.debugDescription) gave \(fed.end)")
    }

    @Test func tlsHandshakeBytesAreRefused() {
        // A TLS ClientHello sent to the plain-text port.
        var bytes: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
        bytes += (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        bytes += Array("\r\n\r\n".utf8)
        ParserFeeding.expectInvalid(bytes, status: 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0", "HTTP/1.9", "HTTP/9.9"])
    func unsupportedVersions(version: String) {
        ParserFeeding.expectInvalid("GET / \(version)\r\nHost: a\r\n\r\n", status: 505, code: "unsupported_version")
    }

    @Test func longRequestLineIs414WithoutWaitingForItsEnd() {
        let long = "GET /" + String(repeating: "a", count: 9000)
        ParserFeeding.expectInvalid(long, status: 414, code: "uri_too_long")
        ParserFeeding.expectInvalid(long + " HTTP/1.1\r\nHost: a\r\n\r\n", status: 414, code: "uri_too_long")

        // The limit is on the line without its CRLF: 8192 bytes pass, 8193 do not.
        let fits = "GET /" + String(repeating: "b", count: 8192 - 14) + " HTTP/1.1"
        #expect(fits.utf8.count == 8192)
        #expect(ParserFeeding.feedAllWays(fits + "\r\nHost: a\r\n\r\n").request?.target.utf8.count == 8192 - 13)
        let over = "GET /" + String(repeating: "b", count: 8192 - 13) + " HTTP/1.1"
        ParserFeeding.expectInvalid(over + "\r\nHost: a\r\n\r\n", status: 414, code: "uri_too_long")
    }

    @Test func errorComesAsSoonAsTheRequestLineIsTooLong() {
        var parser = HTTPRequestParser()
        var buffer = Array("GET /".utf8)
        var result = HTTPParseResult.needMore
        while case .needMore = result, buffer.count < 20_000 {
            buffer.append(UInt8(ascii: "x"))
            result = buffer.withUnsafeBytes { parser.parse($0) }
        }
        guard case .invalid(let error) = result else {
            Issue.record("expected 414, got \(result)")
            return
        }
        #expect(error.status == 414)
        #expect(buffer.count == 8192 + 2)
    }
}

extension ParsedRequestSnapshot.Field {
    init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }
}
