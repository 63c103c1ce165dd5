// PostgresCell: one value of a result row and its conversions to Swift types (text format in, typed out).

import LoomCore

/// One value of a row: NULL, or the bytes of PostgreSQL's text form.
///
/// The optional accessors (`int64`, `string`, …) return nil for NULL and for text that is not of
/// that type; `decode` throws instead, naming the column, for code that must not read a bad
/// value as absent.
public struct PostgresCell: Sendable {
    /// The column this value came from.
    public let column: PostgresColumn
    let raw: ArraySlice<UInt8>?
    /// Set when the row has no column of the requested name.
    let missing: Bool

    init(column: PostgresColumn, raw: ArraySlice<UInt8>?, missing: Bool = false) {
        self.column = column
        self.raw = raw
        self.missing = missing
    }

    public var isNull: Bool { raw == nil }

    /// The text form (any type has one).
    public var string: String? { raw.map { String(decoding: $0, as: UTF8.self) } }

    public var int64: Int64? { raw.flatMap(Self.parseInteger) }

    public var int: Int? { int64.flatMap { Int(exactly: $0) } }

    /// `t`/`f` as PostgreSQL prints booleans (also `true`/`false`).
    public var bool: Bool? {
        switch string {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    /// Floating point, including `NaN`, `Infinity` and `-Infinity`.
    public var double: Double? { string.flatMap { Double($0) } }

    /// `bytea` decoded from its hex text form (`\x0a1b…`); other types give their text's bytes.
    public var bytes: [UInt8]? {
        guard let raw else { return nil }
        guard column.typeOID == PostgresTypeOID.bytea else { return Array(raw) }
        return Self.decodeHex(raw)
    }

    /// The value as `T`; throws for NULL (unless `T` is optional), a missing column or bad text.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self) throws(PostgresError) -> T {
        if missing { throw PostgresError(.decoding, "the result has no column \"\(column.name)\"") }
        return try T.decode(self)
    }

    /// A decoding error naming this column and (the start of) its value.
    func mismatch(_ expected: String) -> PostgresError {
        let shown = string.map { "'\($0.prefix(60))'" } ?? "NULL"
        return PostgresError(.decoding, "column \"\(column.name)\" holds \(shown), not \(expected)")
    }

    static func parseInteger(_ digits: ArraySlice<UInt8>) -> Int64? {
        var index = digits.startIndex
        guard index < digits.endIndex else { return nil }
        let negative = digits[index] == UInt8(ascii: "-")
        if negative || digits[index] == UInt8(ascii: "+") { index += 1 }
        guard index < digits.endIndex else { return nil }
        var value: Int64 = 0
        while index < digits.endIndex {
            let digit = digits[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // Accumulate negatively so Int64.min parses too.
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    static func decodeHex(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        // bytea_output = hex (the default since 9.0): a backslash, an x, two digits per byte.
        guard text.count >= 2, text.first == UInt8(ascii: "\\"), text[text.startIndex + 1] == UInt8(ascii: "x") else { return nil }
        return Hex.decode(text.dropFirst(2))
    }
}

/// A Swift type a `PostgresCell` can be decoded as.
public protocol PostgresDecodable {
    static func decode(_ cell: PostgresCell) throws(PostgresError) -> Self
}

extension Int64: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> Int64 {
        guard let value = cell.int64 else { throw cell.mismatch("an integer") }
        return value
    }
}

extension Int: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> Int {
        guard let value = cell.int else { throw cell.mismatch("an integer") }
        return value
    }
}

extension String: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> String {
        guard let value = cell.string else { throw cell.mismatch("text") }
        return value
    }
}

extension Bool: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> Bool {
        guard let value = cell.bool else { throw cell.mismatch("a boolean") }
        return value
    }
}

extension Double: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> Double {
        guard let value = cell.double else { throw cell.mismatch("a number") }
        return value
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> [UInt8] {
        guard let value = cell.bytes else { throw cell.mismatch("bytea") }
        return value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(_ cell: PostgresCell) throws(PostgresError) -> Wrapped? {
        if cell.isNull && !cell.missing { return nil }
        return try Wrapped.decode(cell)
    }
}
