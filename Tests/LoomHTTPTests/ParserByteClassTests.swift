// ParserByteClassTests: every byte value in every position class (method, target, name, value).

import LoomHTTP
import Testing

@Suite struct ParserByteClassTests {
    static let tchars = Set(Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8))

    static func request(_ parts: [UInt8]...) -> [UInt8] {
        parts.flatMap { $0 }
    }

    @Test func methodBytes() {
        for b in UInt8.min...UInt8.max {
            let bytes = Self.request(Array("G".utf8), [b], Array("T / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            let fed = ParserFeeding.feedAllWays(bytes)
            #expect((fed.request != nil) == Self.tchars.contains(b), "byte \(b): \(fed.end)")
        }
    }

    @Test func targetBytes() {
        for b in UInt8.min...UInt8.max {
            let bytes = Self.request(Array("GET /a".utf8), [b], Array("b HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            let fed = ParserFeeding.feedAllWays(bytes)
            #expect((fed.request != nil) == (0x21...0x7E).contains(b), "byte \(b): \(fed.end)")
        }
    }

    @Test func fieldNameBytes() {
        for b in UInt8.min...UInt8.max where b != UInt8(ascii: ":") {
            let bytes = Self.request(Array("GET / HTTP/1.1\r\nHost: a\r\nX".utf8), [b], Array("Y: v\r\n\r\n".utf8))
            let fed = ParserFeeding.feedAllWays(bytes)
            #expect((fed.request != nil) == Self.tchars.contains(b), "byte \(b): \(fed.end)")
        }
    }

    @Test func fieldValueBytesAtEveryOffsetOfAWord() {
        // Offsets 0…17 put the byte in the 8-byte fast path and in the byte-at-a-time tail.
        for offset in [0, 1, 6, 7, 8, 9, 15, 16, 17] {
            let prefix = Array(String(repeating: "v", count: offset).utf8)
            for b in UInt8.min...UInt8.max {
                let bytes = Self.request(Array("GET / HTTP/1.1\r\nHost: a\r\nX: ".utf8), prefix, [b],
                                         Array("0123456789abcdefg\r\n\r\n".utf8))
                let fed = ParserFeeding.feedAllWays(bytes)
                let allowed = b == 0x09 || (b >= 0x20 && b != 0x7F)
                #expect((fed.request != nil) == allowed, "byte \(b) at \(offset): \(fed.end)")
                if allowed, let value = fed.request?.headers.last?.value {
                    // Leading whitespace is not part of the value; obs-text decodes to U+FFFD.
                    let trimmed = offset == 0 && (b == 0x20 || b == 0x09) ? 1 : 0
                    #expect(value.utf8.count == prefix.count + 1 + 17 - trimmed || b >= 0x80, "byte \(b) at \(offset)")
                }
            }
        }
    }

    @Test func framingNamesMatchExactlyIgnoringCase() throws {
        let chunked = "Transfer-Encoding: chunked\r\n"
        for lookalike in ["Content_Length: 5", "Content-Lengt: 5", "Content-Lengthh: 5", "XContent-Length: 5",
                          "Content-Length5: 5", "Contentmlength: 5"] {
            let r = try #require(ParserFeeding.feedAllWays(
                "POST / HTTP/1.1\r\nHost: a\r\n\(chunked)\(lookalike)\r\n\r\n3\r\nabc\r\n0\r\n\r\n").request, "\(lookalike)")
            #expect(r.bodyText == "abc")
        }
        for spelling in ["content-length", "CONTENT-LENGTH", "cOnTeNt-LeNgTh"] {
            ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\n\(chunked)\(spelling): 3\r\n\r\nabc", status: 400,
                                        code: "transfer_encoding_with_content_length")
        }
        for spelling in ["transfer-encoding", "TRANSFER-ENCODING", "tRaNsFeR-eNcOdInG"] {
            let r = try #require(ParserFeeding.feedAllWays(
                "POST / HTTP/1.1\r\nHost: a\r\n\(spelling): CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n").request)
            #expect(r.bodyText == "abc")
        }
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHosts: a\r\n\r\n", status: 400, code: "missing_host")
        ParserFeeding.expectInvalid("GET / HTTP/1.1\r\nHos: a\r\n\r\n", status: 400, code: "missing_host")
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nhOsT: a\r\n\r\n").request != nil)
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\nConnection: clOSE\r\n\r\n").request?.keepAlive == false)
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\nConnection: close-ish\r\n\r\n").request?.keepAlive == true)
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\nConnection: \"close\"\r\n\r\n").request?.keepAlive == true)
        #expect(ParserFeeding.feedAllWays("GET / HTTP/1.1\r\nHost: a\r\nConnexion: close\r\n\r\n").request?.keepAlive == true)
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunkes\r\n\r\n", status: 501)
        ParserFeeding.expectInvalid("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\u{1}\r\n\r\n", status: 400,
                                    code: "invalid_header_value")
    }
}
