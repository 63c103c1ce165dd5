// ParserBodyTests: Content-Length and chunked framing, smuggling defences and body limits.

import LoomHTTP
import Testing

@Suite struct ParserBodyTests {
    @Test func postWithContentLength() throws {
        let text = "POST /webhooks/github HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"zen\":\"ok\"}\n"
        let fed = ParserFeeding.feedAllWays(text)
        let r = try #require(fed.request)
        #expect(r.method == "POST")
        #expect(r.bodyText == "{\"zen\":\"ok\"}\n")
        #expect(r.consumed == text.utf8.count)
        #expect(!r.expectsContinue)
        #expect(fed.whole.headCompletes.isEmpty)
        #expect(fed.bytewise.headCompletes == [false])
    }

    @Test func zeroContentLengthHasNoBody() throws {
        let fed = ParserFeeding.feedAllWays("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(fed.request?.body == [])
        #expect(fed.bytewise.headCompletes.isEmpty)
    }

    @Test func bodyBytesWithoutFramingBelongToTheNextRequest() throws {
        let fed = ParserFeeding.feedAllWays("POST /x HTTP/1.1\r\nHost: a\r\n\r\nhello")
        #expect(fed.requests.count == 1)
        #expect(fed.requests.first?.body == [])
        ParserFeeding.expectInvalid("POST /x HTTP/1.1\r\nHost: a\r\n\r\nhello\r\n", status: 400)
    }

    @Test func equalDuplicateContentLengthsAreAccepted() throws {
        for fields in ["Content-Length: 5\r\nContent-Length: 5\r\n", "Content-Length: 5, 5\r\n", "Content-Length: 5,5 , 5\r\n",
                       "content-length: 005\r\nCONTENT-LENGTH:5\r\n"] {
            let r = try #require(ParserFeeding.feedAllWays("POST / HTTP/1.1\r\nHost: a\r\n\(fields)\r\nhello").request)
            #expect(r.bodyText == "hello")
        }
    }

    @Test func differingContentLengthsAreRefused() {
        for fields in ["Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5, 6\r\n",
                       "Content-Length: 5\r\nX-A: b\r\nContent-Length: 50\r\n", "Content-Length: 0\r\nContent-Length: 5\r\n"] {
            ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\n\(fields)\r\nhello", status: 400, code: "conflicting_content_length")
        }
    }

    @Test(arguments: ["+5", "-5", "5a", "a5", "0x5", "", " ", "5,", ",5", "5 5", "1e3", "5.0", "٥",
                      "4611686018427387905", "99999999999999999999999999", "18446744073709551621"])
    func invalidContentLength(value: String) {
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(value)\r\n\r\nhello", status: 400,
                                    code: "invalid_content_length")
    }

    @Test func largestContentLengthIsATooLargeBodyNotAnError() {
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4611686018427387904\r\n\r\n", status: 413,
                                    code: "body_too_large")
    }

    @Test func transferEncodingWithContentLength() {
        let body = "5\r\nhello\r\n0\r\n\r\n"
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 15\r\n\r\n" + body,
                                    status: 400, code: "transfer_encoding_with_content_length")
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 15\r\nTransfer-Encoding: chunked\r\n\r\n" + body,
                                    status: 400, code: "transfer_encoding_with_content_length")
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 15\r\nTransfer-Encoding: gzip\r\n\r\n" + body,
                                    status: 400, code: "transfer_encoding_with_content_length")
    }

    @Test func transferEncodingOnHTTP10() {
        ParserFeeding.expectInvalid("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                                    status: 400, code: "transfer_encoding_http10")
    }

    @Test(arguments: ["gzip, chunked", "chunked, gzip", "identity", "gzip", "chunked;q=1", "chunked,", ",chunked", "",
                      "chunked\r\nTransfer-Encoding: chunked", "xchunked", "chunke"])
    func unsupportedTransferEncoding(value: String) {
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n", status: 501,
                                    code: "unsupported_transfer_encoding")
    }

    @Test(arguments: ["chunked", "Chunked", "CHUNKED", "  chunked\t"])
    func chunkedSpellings(value: String) throws {
        let r = try #require(ParserFeeding.feedAllWays(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \(value)\r\n\r\n5\r\nhello\r\n0\r\n\r\n").request)
        #expect(r.bodyText == "hello")
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        let head = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
        let body = "5;name=value\r\nhello\r\n6 ; quoted=\"a b;c\" ;flag\r\n world\r\nA\t;x\r\n0123456789\r\n"
            + "0;last=yes\r\nX-Checksum: abc123\r\nContent-Length: 99\r\nTransfer-Encoding: gzip\r\nhost: evil\r\nX-Other:  two  \r\n\r\n"
        let fed = ParserFeeding.feedAllWays(head + body)
        let r = try #require(fed.request)
        #expect(r.bodyText == "hello world0123456789")
        #expect(r.trailers == [.init("X-Checksum", "abc123"), .init("X-Other", "two")])
        #expect(r.headers == [.init("Host", "a"), .init("Transfer-Encoding", "chunked"), .init("Trailer", "X-Checksum")])
        #expect(r.consumed == (head + body).utf8.count)
        #expect(fed.bytewise.headCompletes == [false])
    }

    @Test func chunkedWithoutTrailersAndWithUppercaseHexAndLeadingZeros() throws {
        let r = try #require(ParserFeeding.feedAllWays(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0005\r\nabcde\r\nb\r\nABCDEFGHIJK\r\n000\r\n\r\n").request)
        #expect(r.bodyText == "0123456789abcdeABCDEFGHIJK")
        #expect(r.trailers.isEmpty)
    }

    @Test func chunkedWithManyOneByteChunks() throws {
        var text = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        var expected: [UInt8] = []
        for i in 0..<1000 {
            let byte = UInt8(ascii: "a") + UInt8(i % 26)
            text += "1\r\n" + String(UnicodeScalar(byte)) + "\r\n"
            expected.append(byte)
        }
        text += "0\r\n\r\n"
        let r = try #require(ParserFeeding.feedAllWays(text).request)
        #expect(r.body == expected)
    }

    @Test func binaryChunkData() throws {
        var bytes = Array("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n".utf8)
        let data = (0..<256).map { UInt8($0) }
        bytes += data + Array("\r\n0\r\n\r\n".utf8)
        #expect(ParserFeeding.feedAllWays(bytes).request?.body == data)
    }

    @Test(arguments: [
        ("g\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        (" 5\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("-5\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("+5\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("0x5\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("5 \r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("5\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        (";ext\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("00000000000000005\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("FFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("10000000000000005\r\nhello\r\n0\r\n\r\n", "invalid_chunk_size"),
        ("5\r\nhelloX\r\n0\r\n\r\n", "invalid_chunk_data"),
        ("5\r\nhello\n0\r\n\r\n", "invalid_chunk_data"),
        ("5\r\nhello\r0\r\n\r\n", "invalid_chunk_data"),
        ("5\r\nhello0\r\n\r\n", "invalid_chunk_data"),
        ("3\r\nhello\r\n0\r\n\r\n", "invalid_chunk_data"),
        ("5\rXhello\r\n0\r\n\r\n", "bare_cr"),
        ("5;a\u{0}b\r\nhello\r\n0\r\n\r\n", "invalid_chunk_extension"),
        ("5;a\nhello\r\n0\r\n\r\n", "bare_lf"),
        ("5\r\nhello\r\n0\r\nX-A: b\n\r\n", "bare_lf"),
        ("5\r\nhello\r\n0\r\nX-A : b\r\n\r\n", "whitespace_before_colon"),
        ("5\r\nhello\r\n0\r\nX-A: b\r\n c\r\n\r\n", "obsolete_line_folding"),
        ("5\r\nhello\r\n0\r\nX-A: \u{1}\r\n\r\n", "invalid_header_value"),
        ("5\r\nhello\r\n0\r\n\r\r\n", "bare_cr"),
    ])
    func badChunkedBodies(body: String, code: String) {
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body, status: 400, code: code)
    }

    @Test func chunkExtensionsAreBounded() throws {
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let fits = ";" + String(repeating: "e", count: 1023)
        #expect(ParserFeeding.feedAllWays(head + "5\(fits)\r\nhello\r\n0\r\n\r\n").request?.bodyText == "hello")
        ParserFeeding.expectInvalid(head + "5\(fits)e\r\nhello\r\n0\r\n\r\n", status: 400, code: "chunk_extension_too_long")
        // Without any CRLF, the extension cannot grow without bound either.
        ParserFeeding.expectInvalid(head + "5;" + String(repeating: "x", count: 5000), status: 400, code: "chunk_extension_too_long")
        ParserFeeding.expectInvalid(head + "5" + String(repeating: " ", count: 2000) + ";x\r\n", status: 400,
                                    code: "chunk_extension_too_long")
    }

    @Test func trailersShareTheHeadLimits() {
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let headBytes = head.utf8.count
        let limits = HTTPParserLimits(maxHeaderBytes: headBytes + 20, maxHeaderCount: 4)
        // 20 bytes of trailer budget (+ the closing CRLF).
        #expect(ParserFeeding.feedAllWays(head + "0\r\nX-A: 0123456789abc\r\n\r\n", limits: limits).request != nil)
        ParserFeeding.expectInvalid(head + "0\r\nX-A: 0123456789abcd\r\n\r\n", status: 431, code: "header_too_large", limits: limits)
        ParserFeeding.expectInvalid(head + "0\r\nX-A: " + String(repeating: "t", count: 100), status: 431, code: "header_too_large",
                                    limits: limits)
        #expect(ParserFeeding.feedAllWays(head + "0\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits).request != nil)
        ParserFeeding.expectInvalid(head + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", status: 431, code: "too_many_headers", limits: limits)
    }

    @Test func contentLengthOverTheLimitIsRefusedRightAfterTheHead() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
        let fed = ParserFeeding.feedAllWays(head, limits: limits)
        #expect(fed.error?.status == 413)
        #expect(fed.error?.code == "body_too_large")
        #expect(fed.bytewise.headCompletes.isEmpty)
        #expect(ParserFeeding.feedAllWays("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)
            .request?.body.count == 10)
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 26214401\r\n\r\n", status: 413)
    }

    @Test func chunkedBodyGrowingOverTheLimitIsRefusedAtTheChunkSize() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(ParserFeeding.feedAllWays(head + "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", limits: limits).request?.bodyText
            == "helloworld")
        // The declared size of the second chunk is enough: its data never needs to arrive.
        let fed = ParserFeeding.feedAllWays(head + "5\r\nhello\r\n6\r\n", limits: limits)
        #expect(fed.error?.status == 413)
        #expect(fed.bytewise.headCompletes == [false])
        ParserFeeding.expectInvalid(head + "b;ext\r\n", status: 413, code: "body_too_large", limits: limits)
        ParserFeeding.expectInvalid(head + "FFFFFFFFFFFFFFFF\r\n", status: 413, code: "body_too_large")
    }

    @Test func expectContinue() throws {
        let head = "POST /webhooks/gitea HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"
        let headOnly = ParserFeeding.feedAllWays(head)
        #expect(headOnly.whole.headCompletes == [true])
        #expect(headOnly.bytewise.headCompletes == [true])
        #expect(headOnly.end == .needMore(leftover: head.utf8.count, midRequest: true))

        let fed = ParserFeeding.feedAllWays(head + "hello")
        #expect(fed.bytewise.headCompletes == [true])
        #expect(fed.whole.headCompletes.isEmpty)
        let r = try #require(fed.request)
        #expect(r.expectsContinue)
        #expect(r.bodyText == "hello")

        // Same parser, the way a connection drives it: head first, then the body.
        var parser = HTTPRequestParser()
        var buffer = Array(head.utf8)
        guard case .headComplete(true) = buffer.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected headComplete(true)")
            return
        }
        #expect(parser.isReadingBody)
        #expect(parser.isMidRequest)
        guard case .needMore = buffer.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected needMore on the same input")
            return
        }
        buffer += Array("hel".utf8)
        guard case .needMore = buffer.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected needMore")
            return
        }
        buffer += Array("lo".utf8)
        guard case .complete(let request, let consumed) = buffer.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected complete")
            return
        }
        #expect(request.body == Array("hello".utf8))
        #expect(consumed == buffer.count)
        #expect(!parser.isMidRequest && !parser.isReadingBody)
    }

    @Test func expectContinueOnlyWithABodyOnHTTP11() throws {
        let chunked = ParserFeeding.feedAllWays(
            "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        #expect(chunked.whole.headCompletes == [true])
        let noBody = try #require(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n").request)
        #expect(!noBody.expectsContinue)
        let http10 = ParserFeeding.feedAllWays("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        #expect(http10.whole.headCompletes == [false])
        let other = ParserFeeding.feedAllWays("POST / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\nab")
        #expect(other.request?.expectsContinue == false)
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let get = "GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
        let post = "POST /webhooks/github HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
        let chunked = "PUT /x?y=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;e\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
        let last = "\r\nDELETE /jobs/7 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        let partial = "GET /next HTTP/1.1\r\nHo"
        let fed = ParserFeeding.feedAllWays(get + post + chunked + last + partial)
        #expect(fed.requests.map(\.method) == ["GET", "POST", "PUT", "DELETE"])
        #expect(fed.requests.map(\.consumed) == [get, post, chunked, last].map(\.utf8.count))
        #expect(fed.requests.map(\.bodyText) == ["", "hello world", "abcde", ""])
        #expect(fed.requests[2].trailers == [.init("X-T", "1")])
        #expect(fed.requests[2].query == "y=1")
        #expect(fed.requests.map(\.keepAlive) == [true, true, true, false])
        #expect(fed.end == .needMore(leftover: partial.utf8.count, midRequest: true))
        #expect(fed.bytewise.headCompletes == [false, false])
        #expect(fed.whole.headCompletes.isEmpty)

        // All in one buffer: one request per call, in order.
        var parser = HTTPRequestParser()
        var buffer = Array((get + post + chunked).utf8)
        var targets: [String] = []
        while case .complete(let request, let consumed) = buffer.withUnsafeBytes({ parser.parse($0) }) {
            targets.append(request.target)
            buffer.removeFirst(consumed)
        }
        #expect(targets == ["/health", "/webhooks/github", "/x?y=1"])
        #expect(buffer.isEmpty)
    }

    @Test func anErrorInAPipelinedRequestComesAfterTheGoodOnes() {
        let fed = ParserFeeding.feedAllWays("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost : a\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(fed.requests.map(\.target) == ["/a"])
        #expect(fed.error?.code == "whitespace_before_colon")
    }

    @Test func midRequestAndReadingBodyFlags() {
        var parser = HTTPRequestParser()
        #expect(!parser.isMidRequest && !parser.isReadingBody)
        let partial = Array("GET / HT".utf8)
        _ = partial.withUnsafeBytes { parser.parse($0) }
        #expect(parser.isMidRequest && !parser.isReadingBody)
        let empty: [UInt8] = []
        // A shorter input means the caller started over: so does the parser.
        guard case .needMore = empty.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected needMore")
            return
        }
        #expect(!parser.isMidRequest)
        let request = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        guard case .complete = request.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected complete")
            return
        }
        #expect(!parser.isMidRequest)
        let bad = Array("GET / HTTP/1.1\r\nHost a\r\n\r\n".utf8)
        guard case .invalid = bad.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("expected invalid")
            return
        }
        #expect(!parser.isMidRequest && !parser.isReadingBody)
    }
}
