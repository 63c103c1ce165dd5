// FakeJSON: a tiny JSON value for building the fake platforms' responses in their real shapes.

import LoomCore

/// A JSON value written as Swift literals; object members keep their order, as the real APIs'
/// bodies do, so responses read like the platforms' own.
indirect enum FakeJSON: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    case object([(String, FakeJSON)])
    case array([FakeJSON])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    /// Already-encoded JSON (a fixture), inserted as is.
    case raw([UInt8])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: FakeJSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, FakeJSON)...) { self = .object(elements) }
    init(nilLiteral: ()) { self = .null }

    /// A string, or null.
    static func text(_ value: String?) -> FakeJSON { value.map(FakeJSON.string) ?? .null }
    /// An integer, or null.
    static func number(_ value: Int?) -> FakeJSON { value.map(FakeJSON.int) ?? .null }

    /// The encoded bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendEscaped(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                member.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text): JSONWriter.appendEscaped(text, to: &out)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .raw(let bytes): out.append(contentsOf: bytes)
        }
    }
}
