// ParserMessageTypesTests: HTTPHeaders, HTTPRequest's derived fields, HTTPMethod/HTTPVersion/HTTPParseError.

import LoomHTTP
import Testing

@Suite struct ParserMessageTypesTests {
    @Test func headersBuiltByHand() {
        var headers = HTTPHeaders([("Content-Type", "text/plain"), ("X-Multi", " a ")])
        headers.add(name: "x-multi", value: "b, c\t")
        headers.add(name: "Connection", value: "keep-alive, Upgrade")
        #expect(headers.count == 4)
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers["X-Multi"] == "a")
        #expect(headers.values("X-MULTI") == ["a", "b, c"])
        #expect(headers.values("missing") == [])
        #expect(headers["missing"] == nil)
        #expect(headers.contains("connection"))
        #expect(!headers.contains("connectio"))
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(headers.containsToken("KEEP-ALIVE", in: "connection"))
        #expect(!headers.containsToken("keep", in: "connection"))
        #expect(headers.containsToken("c", in: "x-multi"))
        #expect(!headers.containsToken("close", in: "x-missing"))
        #expect(!headers.containsToken("", in: "connection"))
        let pairs = headers.map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["Content-Type=text/plain", "X-Multi=a", "x-multi=b, c", "Connection=keep-alive, Upgrade"])
    }

    @Test func emptyHeaders() {
        var headers = HTTPHeaders()
        #expect(headers.count == 0)
        #expect(headers[""] == nil)
        #expect(Array(headers).isEmpty)
        headers.add(name: "", value: "")
        #expect(headers.count == 1)
        #expect(headers[""] == "")
        #expect(headers["x"] == nil)
        #expect(headers.map(\.name) == [""])
    }

    @Test func nonASCIINamesCompareExactly() {
        let headers = HTTPHeaders([("Ünïcode", "1"), ("X-@", "2")])
        #expect(headers["Ünïcode"] == "1")
        #expect(headers["üNïcode"] == nil)
        #expect(headers["x-@"] == "2")
        #expect(headers["x-`"] == nil)
    }

    @Test func requestBuiltByHand() {
        let get = HTTPRequest(method: .get, target: "/api/jobs?limit=5")
        #expect(get.path == "/api/jobs")
        #expect(get.query == "limit=5")
        #expect(get.version == .http1_1)
        #expect(get.keepAlive)
        #expect(!get.expectsContinue)
        #expect(get.trailers.count == 0)

        let close = HTTPRequest(method: .get, target: "/", headers: HTTPHeaders([("Connection", "Close")]))
        #expect(!close.keepAlive)
        let old = HTTPRequest(method: .get, target: "/", version: .http1_0)
        #expect(!old.keepAlive)
        let oldKept = HTTPRequest(method: .get, target: "/", version: .http1_0, headers: HTTPHeaders([("Connection", "keep-alive")]))
        #expect(oldKept.keepAlive)

        let expect = HTTPHeaders([("Expect", "100-continue")])
        #expect(HTTPRequest(method: .post, target: "/", headers: expect, body: [1]).expectsContinue)
        #expect(!HTTPRequest(method: .post, target: "/", headers: expect).expectsContinue)
        #expect(!HTTPRequest(method: .post, target: "/", version: .http1_0, headers: expect, body: [1]).expectsContinue)
        var declared = expect
        declared.add(name: "Content-Length", value: "10")
        #expect(HTTPRequest(method: .post, target: "/", headers: declared).expectsContinue)

        let absolute = HTTPRequest(method: .get, target: "http://h:1/p/q?x")
        #expect(absolute.path == "/p/q")
        #expect(absolute.query == "x")
        #expect(HTTPRequest(method: .options, target: "*").path == "*")
        #expect(HTTPRequest(method: .get, target: "").path == "")
    }

    @Test func methodVersionAndError() {
        #expect(HTTPMethod.get.rawValue == "GET")
        #expect(HTTPMethod(rawValue: "POST") == .post)
        #expect(HTTPMethod.patch.description == "PATCH")
        #expect([HTTPMethod.head, .put, .delete, .options, .connect, .trace].map(\.rawValue)
            == ["HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE"])
        #expect(HTTPVersion.http1_1.description == "HTTP/1.1")
        #expect(HTTPVersion.http1_0.description == "HTTP/1.0")
        let error = HTTPParseError(status: 400, code: "missing_host", message: "No Host.")
        #expect(error.description == "400 missing_host: No Host.")
        let limits = HTTPParserLimits()
        #expect(limits.maxHeaderBytes == 16_384 && limits.maxHeaderCount == 100 && limits.maxBodyBytes == 26_214_400)
    }

    @Test func everyErrorHasAStatusCodeAndSentence() {
        let inputs = [
            "GET / HTTP/2.0\r\nHost: a\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "G T / HTTP/1.1\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n",
        ]
        for input in inputs {
            guard let error = ParserFeeding.whole(Array(input.utf8)).error else {
                Issue.record("no error for \(input.debugDescription)")
                continue
            }
            #expect([400, 413, 414, 431, 501, 505].contains(error.status))
            #expect(!error.code.isEmpty && error.code.allSatisfy { $0.isLowercase || $0 == "_" })
            #expect(error.message.hasSuffix("."))
        }
    }
}
