// PostgresValue: one query parameter, typed, sent to the server in binary — never spliced into SQL text.

/// A parameter of a statement (`$1`, `$2`, …).
///
/// Values travel separately from the SQL text (the extended query protocol), so no quoting or
/// escaping exists to get wrong. Each case is sent in binary with its type's OID, which keeps
/// doubles exact and lets the server pick the right operator; `.null` is sent untyped and takes
/// its type from the context (write `$1::text` where the context has none).
public enum PostgresValue: Sendable, Hashable {
    case null
    /// `int8`; also compares with and is assigned to `integer` and `smallint` columns.
    case int64(Int64)
    /// `text`, UTF-8.
    case text(String)
    /// `boolean`.
    case bool(Bool)
    /// `float8`.
    case double(Double)
    /// `bytea`: arbitrary bytes.
    case bytea([UInt8])

    /// An `Int` as `int8`.
    public static func int(_ value: Int) -> PostgresValue { .int64(Int64(value)) }

    /// Any encodable value, or `.null` for a nil optional.
    public init<Value: PostgresEncodable>(_ value: Value) {
        self = value.postgresValue
    }
}

// Literals and interpolated strings become values (parameters), never SQL text.
extension PostgresValue: ExpressibleByNilLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringInterpolation,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// A Swift value that has a PostgreSQL parameter form.
public protocol PostgresEncodable: Sendable {
    /// The parameter to send.
    var postgresValue: PostgresValue { get }
}

extension Int: PostgresEncodable {
    public var postgresValue: PostgresValue { .int64(Int64(self)) }
}

extension Int64: PostgresEncodable {
    public var postgresValue: PostgresValue { .int64(self) }
}

extension Int32: PostgresEncodable {
    public var postgresValue: PostgresValue { .int64(Int64(self)) }
}

extension String: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(self) }
}

extension Substring: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Bool: PostgresEncodable {
    public var postgresValue: PostgresValue { .bool(self) }
}

extension Double: PostgresEncodable {
    public var postgresValue: PostgresValue { .double(self) }
}

extension Array: PostgresEncodable where Element == UInt8 {
    public var postgresValue: PostgresValue { .bytea(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresValue: PostgresValue { self?.postgresValue ?? .null }
}

extension PostgresValue: PostgresEncodable {
    public var postgresValue: PostgresValue { self }
}

extension PostgresValue {
    /// The type OID sent with the value (0 lets the server infer it).
    var typeOID: UInt32 {
        switch self {
        case .null: 0
        case .int64: PostgresTypeOID.int8
        case .text: PostgresTypeOID.text
        case .bool: PostgresTypeOID.bool
        case .double: PostgresTypeOID.float8
        case .bytea: PostgresTypeOID.bytea
        }
    }

    /// Appends the binary wire form (network byte order); returns false for NULL, which has none.
    func appendBinary(to buffer: inout [UInt8]) -> Bool {
        switch self {
        case .null:
            return false
        case .int64(let value):
            withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
        case .text(let value):
            buffer.append(contentsOf: value.utf8)
        case .bool(let value):
            buffer.append(value ? 1 : 0)
        case .double(let value):
            withUnsafeBytes(of: value.bitPattern.bigEndian) { buffer.append(contentsOf: $0) }
        case .bytea(let value):
            buffer.append(contentsOf: value)
        }
        return true
    }
}

/// The few built-in type OIDs Loom sends or reads specially (from `pg_type`; fixed since 7.x).
public enum PostgresTypeOID {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let varchar: UInt32 = 1043
}
