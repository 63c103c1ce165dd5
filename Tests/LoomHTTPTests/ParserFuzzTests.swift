// ParserFuzzTests: random and mutated inputs never crash the parser, and every way of feeding agrees.

import LoomHTTP
import LoomTestSupport
import Testing

@Suite struct ParserFuzzTests {
    static let fragments: [String] = [
        "GET ", "POST ", "/", "/a?b=c", " HTTP/1.1", " HTTP/1.0", "\r\n", "\r", "\n", "Host: a", "Host:", ":", " ",
        "\t", "Content-Length: ", "Transfer-Encoding: chunked", "0", "5", "a", "ff", ";x=y", "hello", "\r\n\r\n",
        "Connection: close", "Expect: 100-continue", "X-Y: z", "\u{0}", "\u{7F}", "é", "*", "http://h/",
    ]

    static let seeds: [String] = [
        "GET /health HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
        "\r\nOPTIONS * HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nab",
    ]

    static let smallLimits = HTTPParserLimits(maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 8, maxRequestLineBytes: 24)

    @Test func randomBytesNeverCrashAndAllFeedingsAgree() {
        var rng = SplitMix64(seed: 0x10_0A11)
        for round in 0..<400 {
            let length = Int.random(in: 0...120, using: &rng)
            var bytes: [UInt8] = []
            while bytes.count < length {
                if Bool.random(using: &rng) {
                    bytes.append(UInt8.random(in: 0...255, using: &rng))
                } else {
                    bytes += Array(Self.fragments.randomElement(using: &rng)!.utf8)
                }
            }
            let limits = round % 3 == 0 ? Self.smallLimits : HTTPParserLimits()
            ParserFeeding.feedAllWays(bytes, limits: limits)
        }
    }

    @Test func mutatedRequestsNeverCrashAndAllFeedingsAgree() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        var outcomes = [0, 0, 0]  // requests, errors, incomplete
        for round in 0..<1500 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: Self.fragments.randomElement(using: &rng)!.utf8, at: at)
                default: bytes[at] = [0x0D, 0x0A, 0x20, 0x3A, 0x09, 0x30][Int.random(in: 0..<6, using: &rng)]
                }
                if bytes.isEmpty { bytes = [0x47] }
            }
            let limits = round % 4 == 0 ? Self.smallLimits : HTTPParserLimits()
            let fed = ParserFeeding.feedAllWays(bytes, limits: limits)
            if fed.error != nil { outcomes[1] += 1 } else if !fed.requests.isEmpty { outcomes[0] += 1 } else { outcomes[2] += 1 }
        }
        // The mutations should exercise all three endings.
        #expect(outcomes[0] > 50 && outcomes[1] > 50 && outcomes[2] > 5, "\(outcomes)")
    }

    @Test func randomSplitsOfAValidStream() {
        var rng = SplitMix64(seed: 42)
        let stream = Array(Self.seeds.joined().utf8)
        let reference = ParserFeeding.whole(stream)
        #expect(reference.requests.count == 6)
        #expect(reference.error == nil)
        for _ in 0..<200 {
            let split = ParserFeeding.feed(stream, limits: HTTPParserLimits()) { _ in Int.random(in: 1...40, using: &rng) }
            #expect(split.violations.isEmpty)
            #expect(split.requests == reference.requests)
            #expect(split.end == reference.end)
        }
    }
}
