// ParserHeaderTests: header field syntax, Host rules and head-size limits, fed whole and byte by byte.

import LoomHTTP
import Testing

@Suite struct ParserHeaderTests {
    @Test func valuesAreTrimmedAndMayHoldInnerWhitespaceAndObsText() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost:a\r\nX-A:   v  \r\nX-B:\r\nX-C: a \t b\t\r\nX-D: caf".utf8)
        bytes += [0xC3, 0xA9, 0x80, 0xFF]
        bytes += Array("\r\nX-E: \" quoted ; stuff=1 \"\r\n\r\n".utf8)
        let r = try #require(ParserFeeding.feedAllWays(bytes).request)
        #expect(r.headers.map(\.name) == ["Host", "X-A", "X-B", "X-C", "X-D", "X-E"])
        #expect(r.headers.map(\.value).prefix(4) == ["a", "v", "", "a \t b"])
        #expect(r.headers[4].value.hasPrefix("café"))
        #expect(r.headers[5].value == "\" quoted ; stuff=1 \"")
    }

    @Test func parsedHeadersLookUpCaseInsensitively() throws {
        let text = "POST /x HTTP/1.1\r\nhost: a\r\nContent-Type: application/json\r\nX-Multi: 1\r\nx-multi: 2, 3\r\n"
            + "Connection: keep-alive, Upgrade\r\nContent-Length: 2\r\n\r\n{}"
        var parser = HTTPRequestParser()
        let bytes = Array(text.utf8)
        guard case .complete(let request, let consumed) = bytes.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected a request")
            return
        }
        #expect(consumed == bytes.count)
        #expect(request.headers["HOST"] == "a")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers.values("X-MULTI") == ["1", "2, 3"])
        #expect(request.headers.containsToken("upgrade", in: "connection"))
        #expect(request.headers.containsToken("3", in: "x-multi"))
        #expect(!request.headers.containsToken("2,", in: "x-multi"))
        #expect(request.headers.contains("Content-Length"))
        #expect(!request.headers.contains("Content"))
        #expect(request.headers.count == 6)
        #expect(request.body == Array("{}".utf8))
    }

    @Test func obsoleteLineFolding() {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n", status: 400, code: "obsolete_line_folding")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", status: 400, code: "obsolete_line_folding")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\n Host: a\r\n\r\n", status: 400, code: "obsolete_line_folding")
    }

    @Test func whitespaceBeforeColon() {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400, code: "whitespace_before_colon")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\nContent-Length\t: 5\r\n\r\nhello", status: 400,
                                    code: "whitespace_before_colon")
    }

    @Test(arguments: [
        "Host a",
        ": a",
        "Ho(st: a",
        "Host/: a",
        "X-\u{7F}: a",
        "X-A\u{0}: a",
        "Caf\u{E9}: a",
        "X-\"A\": a",
    ])
    func malformedFieldNames(line: String) {
        let fed = ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\n\(line)\r\n\r\n")
        #expect(fed.error?.status == 400, "\(line.debugDescription) gave \(fed.end)")
    }

    @Test func bareLF() {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400, code: "bare_lf")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", status: 400, code: "bare_lf")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\n\n", status: 400, code: "bare_lf")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\n\n", status: 400, code: "bare_lf")
    }

    @Test func bareCR() {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\rHost: a\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET\r/ HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\rX-A: b\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHo\rst: a\r\n\r\n", status: 400, code: "bare_cr")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", status: 400)
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F])
    func controlCharactersInValues(byte: UInt8) {
        var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: a".utf8)
        bytes.append(byte)
        bytes += Array("b\r\n\r\n".utf8)
        ParserFeeding.expectInvalid(bytes, status: 400, code: "invalid_header_value")
    }

    @Test func nulInValue() {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\u{0}.example\r\n\r\n", status: 400, code: "invalid_header_value")
    }

    @Test func hostRules() throws {
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nX-Host: a\r\n\r\n", status: 400, code: "missing_host")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\n\r\n", status: 400, code: "missing_host")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", status: 400, code: "duplicate_host")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHost: a\r\nhOST: b\r\n\r\n", status: 400, code: "duplicate_host")
        ParserFeeding.expectInvalid("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", status: 400, code: "duplicate_host")
        let empty = try #require(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHOST:\r\n\r\n").request)
        #expect(empty.headers == [.init("HOST", "")])
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.0\r\n\r\n").request != nil)
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.0\r\nHost: a\r\n\r\n").request != nil)
    }

    @Test func hugeHeadIs431WithoutTheTerminator() {
        let head = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 20_000)
        ParserFeeding.expectInvalid(head, status: 431, code: "header_too_large")
        var lines = "GET / HTTP/1.1\r\nHost: a\r\n"
        for i in 0..<90 { lines += "X-Filler-\(i): " + String(repeating: "z", count: 200) + "\r\n" }
        ParserFeeding.expectInvalid(lines, status: 431, code: "header_too_large")
        ParserFeeding.expectInvalid(lines + "\r\n", status: 431, code: "header_too_large")
    }

    @Test func headLimitIsExact() throws {
        let limits = HTTPParserLimits(maxHeaderBytes: 100)
        let prefix = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: "
        let fits = prefix + String(repeating: "p", count: 100 - prefix.utf8.count - 4) + "\r\n\r\n"
        #expect(fits.utf8.count == 100)
        #expect(ParserFeeding.feedAllWays(fits, limits: limits).request != nil)
        let over = prefix + String(repeating: "p", count: 100 - prefix.utf8.count - 3) + "\r\n\r\n"
        ParserFeeding.expectInvalid(over, status: 431, code: "header_too_large", limits: limits)

        // Byte by byte, the error comes once the buffer reaches the limit without a complete head:
        // the caller never holds more than maxHeaderBytes of head.
        var parser = HTTPRequestParser(limits: limits)
        var buffer: [UInt8] = []
        for byte in Array(over.utf8) {
            buffer.append(byte)
            if case .invalid(let error) = buffer.withUnsafeBytes({ parser.parse($0) }) {
                #expect(error.status == 431)
                break
            }
        }
        #expect(buffer.count == 100)
    }

    @Test func leadingEmptyLinesDoNotCountAgainstTheHead() throws {
        let limits = HTTPParserLimits(maxHeaderBytes: 30)
        let text = "GET / HTTP/1.1\r\nHost: abcd\r\n\r\n"
        #expect(text.utf8.count == 30)
        #expect(ParserFeeding.feedAllWays("\r\n\r\n" + text, limits: limits).request != nil)
    }

    @Test func tooManyHeaders() throws {
        func request(fields: Int) -> String {
            var text = "GET / HTTP/1.1\r\nHost: a\r\n"
            for i in 1..<fields { text += "X-\(i): \(i)\r\n" }
            return text + "\r\n"
        }
        let r = try #require(ParserFeeding.feedAllWays(request(fields: 100)).request)
        #expect(r.headers.count == 100)
        ParserFeeding.expectInvalid(request(fields: 101), status: 431, code: "too_many_headers")
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        #expect(ParserFeeding.feedAllWays(request(fields: 3), limits: limits).request != nil)
        ParserFeeding.expectInvalid(request(fields: 4), status: 431, code: "too_many_headers", limits: limits)
    }
}
