// JSONValue: one value inside a JSONDocument: its kind, and navigation into objects and arrays.

/// A reference to one value of a `JSONDocument`.
///
/// Cheap to copy (a shared reference and an index); keeps the document alive. Lookups walk the
/// container's direct children only, skipping nested subtrees in O(1) each.
public struct JSONValue: Sendable {
    let tape: JSONTape
    let index: Int

    init(tape: JSONTape, index: Int) {
        self.tape = tape
        self.index = index
    }

    @inline(__always) var token: UInt64 { tape.tokens[index] }

    /// The kind of this value.
    public var kind: JSONKind {
        switch JSONToken.code(token) {
        case JSONToken.object: .object
        case JSONToken.array: .array
        case JSONToken.string, JSONToken.escapedString: .string
        case JSONToken.number: .number
        case JSONToken.bool: .bool
        default: .null
        }
    }

    /// The value of the first member named `key` (keys compare after unescaping), or nil when
    /// this is not an object or has no such member. Later duplicates are ignored.
    public subscript(key: String) -> JSONValue? {
        tape.member(key, ofObjectAt: index).map { JSONValue(tape: tape, index: $0) }
    }

    /// The element at `index` of an array, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        let open = token
        guard JSONToken.code(open) == JSONToken.array, index >= 0 else { return nil }
        let tokens = tape.tokens
        let last = JSONToken.payload(open) &- 1
        guard index < JSONToken.payload(tokens[last]) else { return nil }
        var k = self.index &+ 1
        for _ in 0..<index { k = JSONToken.next(tokens, after: k) }
        return JSONValue(tape: tape, index: k)
    }

    /// Follows object keys in order: `value["pull_request", "head", "sha"]`.
    public subscript(path: String...) -> JSONValue? {
        var at = index
        for key in path {
            guard let next = tape.member(key, ofObjectAt: at) else { return nil }
            at = next
        }
        return JSONValue(tape: tape, index: at)
    }

    /// Number of elements of an array or members of an object; 0 for other kinds.
    public var count: Int {
        let open = token
        guard JSONToken.code(open) <= JSONToken.array else { return 0 }
        return JSONToken.payload(tape.tokens[JSONToken.payload(open) &- 1])
    }

    /// The elements of an array in order; empty for other kinds.
    public var elements: [JSONValue] {
        let open = token
        guard JSONToken.code(open) == JSONToken.array else { return [] }
        let tokens = tape.tokens
        let last = JSONToken.payload(open) &- 1
        var result: [JSONValue] = []
        result.reserveCapacity(JSONToken.payload(tokens[last]))
        var k = index &+ 1
        while k < last {
            result.append(JSONValue(tape: tape, index: k))
            k = JSONToken.next(tokens, after: k)
        }
        return result
    }

    /// The members of an object in source order, duplicates included; empty for other kinds.
    public var members: [(key: String, value: JSONValue)] {
        let open = token
        guard JSONToken.code(open) == JSONToken.object else { return [] }
        let tokens = tape.tokens
        let last = JSONToken.payload(open) &- 1
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(JSONToken.payload(tokens[last]))
        var k = index &+ 1
        while k < last {
            let key = JSONValue(tape: tape, index: k).string ?? ""
            result.append((key, JSONValue(tape: tape, index: k &+ 1)))
            k = JSONToken.next(tokens, after: k &+ 1)
        }
        return result
    }
}
