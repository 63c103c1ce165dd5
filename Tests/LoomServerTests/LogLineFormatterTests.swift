// LogLineFormatterTests: exact JSON and text lines, string escaping, metadata flattening and level names.

import Logging
import Testing
@testable import LoomServer

@Suite("LogLineFormatter")
struct LogLineFormatterTests {
    private let instant: Int64 = 1_795_924_907_123_456_789  // 2026-11-29T04:01:47.123Z

    private func line(_ record: LogLineFormatter.Record, _ format: LogFormat = .json) -> String {
        let bytes = LogLineFormatter.line(record, format: format)
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false, "one record, one line")
        return String(decoding: bytes.dropLast(), as: UTF8.self)
    }

    private func record(_ message: String, level: Logger.Level = .info, metadata: Logger.Metadata = [:],
                        error: String? = nil) -> LogLineFormatter.Record {
        .init(wallNanoseconds: instant, level: level, message: message, label: "loom.test", metadata: metadata, error: error)
    }

    @Test func jsonFieldSetAndOrder() {
        #expect(line(record("Server started", metadata: ["port": "8000", "host": "0.0.0.0"])) ==
            #"{"timestamp":"2026-11-29T04:01:47.123Z","level":"INFO","message":"Server started","service":"loom","logger":"loom.test","host":"0.0.0.0","port":"8000"}"#)
    }

    @Test func jsonEscapesQuotesBackslashesAndControlCharacters() {
        let text = line(record("say \"hi\"\\ now\nnext\tcol\r\u{01}\u{1F}\u{7F} end"))
        #expect(text.contains(#""message":"say \"hi\"\\ now\nnext\tcol\r\u0001\u001f\u007f end""#))
    }

    @Test func jsonKeepsValidUTF8AsIs() {
        let text = line(record("naïve café 日本 🚀 \u{2028}"))
        #expect(text.contains("\"message\":\"naïve café 日本 🚀 \u{2028}\""))
    }

    @Test func jsonEscapesMetadataKeysAndValues() {
        let text = line(record("m", metadata: ["we\"ird": "a\nb"]))
        #expect(text.hasSuffix(#""we\"ird":"a\nb"}"#))
    }

    @Test func metadataIsFlattenedToStrings() {
        struct Port: CustomStringConvertible, Sendable { var description: String { "8080" } }
        let metadata: Logger.Metadata = [
            "port": .stringConvertible(Port()),
            "request": ["method": "POST", "route": ["name": "webhook"]],
            "tags": ["a", "b"],
        ]
        let text = line(record("m", metadata: metadata))
        #expect(text.hasSuffix(#""port":"8080","request.method":"POST","request.route.name":"webhook","tags":"[\"a\", \"b\"]"}"#))
    }

    @Test func metadataCannotOverwriteStandardFields() {
        let text = line(record("real", metadata: ["message": "fake", "level": "DEBUG"]))
        #expect(text.contains(#""message":"real""#))
        #expect(text.contains(#""metadata.message":"fake""#))
        #expect(text.contains(#""metadata.level":"DEBUG""#))
        #expect(text.split(separator: "\"level\":", omittingEmptySubsequences: false).count == 2)
    }

    @Test func errorIsItsOwnField() {
        let text = line(record("failed", level: .error, error: "connection refused"))
        #expect(text.contains(#""level":"ERROR","message":"failed","service":"loom","logger":"loom.test","error":"connection refused"}"#))
    }

    @Test(arguments: [
        (Logger.Level.trace, "DEBUG"), (.debug, "DEBUG"), (.info, "INFO"), (.notice, "INFO"),
        (.warning, "WARNING"), (.error, "ERROR"), (.critical, "CRITICAL"),
    ])
    func levelNames(level: Logger.Level, name: String) {
        #expect(LogLevel(level).rawValue == name)
        #expect(line(record("m", level: level)).contains("\"level\":\"\(name)\""))
        #expect(line(record("m", level: level), .text).hasPrefix("2026-11-29T04:01:47.123Z \(name) m"))
    }

    @Test func textFormat() {
        #expect(line(record("Server started", metadata: ["port": "8000", "host": "0.0.0.0"]), .text) ==
            "2026-11-29T04:01:47.123Z INFO Server started host=0.0.0.0 port=8000")
    }

    @Test func textFormatQuotesAwkwardValuesAndKeepsOneLine() {
        let text = line(record("two\nlines", metadata: ["path": "a b", "empty": "", "q": "x=\"y\""], error: "boom"), .text)
        #expect(text == #"2026-11-29T04:01:47.123Z INFO two\nlines error=boom empty="" path="a b" q="x=\"y\"""#)
    }
}
