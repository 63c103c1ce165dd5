// JSONWriter: appends JSON text to a byte buffer, for API responses and logs, without Foundation.

/// Builds JSON directly into bytes. Callers write keys and values in order; the writer handles
/// commas and string escaping, so output is always well-formed if calls are balanced.
public struct JSONWriter: Sendable {
    /// The JSON produced so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts an object (`{`), optionally as the value of `key`.
    public mutating func beginObject(_ key: String? = nil) {
        if let key { writeKey(key) } else { separate() }
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Starts an array (`[`), optionally as the value of `key`.
    public mutating func beginArray(_ key: String? = nil) {
        if let key { writeKey(key) } else { separate() }
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key": "value"`, or `"key": null` for nil.
    public mutating func field(_ key: String, _ value: String?) {
        writeKey(key)
        if let value { appendString(value) } else { appendLiteral("null") }
        needsComma = true
    }

    /// `"key": 42`, or null.
    public mutating func field(_ key: String, _ value: Int?) {
        writeKey(key)
        appendLiteral(value.map { String($0) } ?? "null")
        needsComma = true
    }

    /// `"key": 1.5`, or null (non-finite numbers become null: JSON has no NaN).
    public mutating func field(_ key: String, _ value: Double?) {
        writeKey(key)
        if let value, value.isFinite { appendLiteral(String(value)) } else { appendLiteral("null") }
        needsComma = true
    }

    /// `"key": true`, or null.
    public mutating func field(_ key: String, _ value: Bool?) {
        writeKey(key)
        appendLiteral(value.map { $0 ? "true" : "false" } ?? "null")
        needsComma = true
    }

    /// A string as an array element.
    public mutating func element(_ value: String) {
        separate()
        appendString(value)
        needsComma = true
    }

    /// Already-encoded JSON as the value of `key` (the caller vouches for its validity).
    public mutating func rawField(_ key: String, _ json: [UInt8]) {
        writeKey(key)
        bytes.append(contentsOf: json)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeKey(_ key: String) {
        separate()
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendLiteral(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` as a JSON string literal.
    public mutating func appendString(_ text: String) {
        JSONWriter.appendEscaped(text, to: &bytes)
    }

    /// Appends `text` quoted and escaped per RFC 8259 (control characters and DEL as \u00XX, so
    /// logs stay printable).
    public static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Most strings need no escaping: copy runs of plain bytes in one go.
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, to: &bytes)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
        case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
