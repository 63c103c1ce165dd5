// LogLineFormatter: turns one log record into one line of JSON or text, as a pure function.

import LoomCore
public import Logging

/// Formats log records; pure, so tests check exact output without a handler or a clock.
public enum LogLineFormatter {
    /// Everything a line shows about one log call.
    public struct Record: Sendable {
        /// When the record was made, in nanoseconds since the Unix epoch.
        public var wallNanoseconds: Int64
        /// swift-log's level; printed as one of the five `LogLevel` names.
        public var level: Logger.Level
        /// The message text, escaped on output.
        public var message: String
        /// The logger's label, e.g. `"loom.http"`.
        public var label: String
        /// Handler, provider and call-site metadata, already merged.
        public var metadata: Logger.Metadata
        /// The error attached to the log call, if any.
        public var error: String?

        /// A record with every field given.
        public init(wallNanoseconds: Int64, level: Logger.Level, message: String, label: String,
                    metadata: Logger.Metadata = [:], error: String? = nil) {
            self.wallNanoseconds = wallNanoseconds
            self.level = level
            self.message = message
            self.label = label
            self.metadata = metadata
            self.error = error
        }
    }

    /// The `service` field of every JSON line.
    public static let service = "loom"

    /// JSON fields written before metadata; a metadata key with one of these names is written as
    /// `metadata.<name>` so no line ever carries a duplicate key.
    static let reservedKeys: Set<String> = ["timestamp", "level", "message", "service", "logger", "error"]

    /// The complete line for `record`, UTF-8, ending in `\n`.
    public static func line(_ record: Record, format: LogFormat) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(192 + record.message.utf8.count)
        let fields = flatten(record.metadata)
        switch format {
        case .json: appendJSON(record, fields: fields, to: &buffer)
        case .text: appendText(record, fields: fields, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        return buffer
    }

    /// Metadata as sorted `(key, string)` pairs; nested dictionaries become dotted keys, so
    /// collectors can index every field without understanding nesting.
    static func flatten(_ metadata: Logger.Metadata) -> [(String, String)] {
        var fields: [(String, String)] = []
        func visit(_ value: Logger.Metadata.Value, key: String) {
            switch value {
            case .string(let text): fields.append((key, text))
            case .stringConvertible(let item): fields.append((key, item.description))
            case .array: fields.append((key, value.description))
            case .dictionary(let nested):
                for (subkey, subvalue) in nested { visit(subvalue, key: key + "." + subkey) }
            }
        }
        for (key, value) in metadata { visit(value, key: key) }
        fields.sort { $0.0 < $1.0 }
        return fields
    }

    // MARK: - JSON

    private static func appendJSON(_ record: Record, fields: [(String, String)], to buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"timestamp":""#.utf8)
        UTCTimestamp.append(wallNanoseconds: record.wallNanoseconds, to: &buffer)
        buffer.append(contentsOf: #"","level":""#.utf8)
        buffer.append(contentsOf: LogLevel(record.level).rawValue.utf8)
        buffer.append(contentsOf: #"","message":"#.utf8)
        appendJSONString(record.message, to: &buffer)
        buffer.append(contentsOf: #","service":""#.utf8)
        buffer.append(contentsOf: service.utf8)
        buffer.append(contentsOf: #"","logger":"#.utf8)
        appendJSONString(record.label, to: &buffer)
        if let error = record.error {
            buffer.append(contentsOf: #","error":"#.utf8)
            appendJSONString(error, to: &buffer)
        }
        for (key, value) in fields {
            buffer.append(UInt8(ascii: ","))
            appendJSONString(reservedKeys.contains(key) ? "metadata." + key : key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            appendJSONString(value, to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal (shared with every other JSON Loom writes: `JSONWriter.appendEscaped`).
    public static func appendJSONString(_ text: String, to buffer: inout [UInt8]) {
        JSONWriter.appendEscaped(text, to: &buffer)
    }

    private static func appendUnicodeEscape(_ byte: UInt8, to buffer: inout [UInt8]) {
        func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10 }
        buffer.append(contentsOf: #"\u00"#.utf8)
        buffer.append(hexDigit(byte >> 4))
        buffer.append(hexDigit(byte & 0xF))
    }

    // MARK: - Text

    private static func appendText(_ record: Record, fields: [(String, String)], to buffer: inout [UInt8]) {
        UTCTimestamp.append(wallNanoseconds: record.wallNanoseconds, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: LogLevel(record.level).rawValue.utf8)
        buffer.append(UInt8(ascii: " "))
        appendTextEscaped(record.message, to: &buffer)
        var pairs = fields
        if let error = record.error { pairs.insert(("error", error), at: 0) }
        for (key, value) in pairs {
            buffer.append(UInt8(ascii: " "))
            appendTextEscaped(key, to: &buffer)
            buffer.append(UInt8(ascii: "="))
            let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3D || $0 == 0x7F }
            if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
            appendTextEscaped(value, to: &buffer, escapeQuotes: needsQuotes)
            if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
        }
    }

    /// Control characters are escaped so that a record never spans two lines; in a quoted value
    /// quotes and backslashes are escaped too, so the value can be read back unambiguously.
    private static func appendTextEscaped(_ text: String, to buffer: inout [UInt8], escapeQuotes: Bool = false) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): buffer.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): buffer.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): buffer.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20, 0x7F: appendUnicodeEscape(byte, to: &buffer)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                if escapeQuotes { buffer.append(UInt8(ascii: "\\")) }
                buffer.append(byte)
            default: buffer.append(byte)
            }
        }
    }
}
