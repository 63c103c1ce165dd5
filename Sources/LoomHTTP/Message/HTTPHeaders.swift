// HTTPHeaders: ordered, case-insensitive header fields backed by one byte array.

/// Ordered header fields with case-insensitive names.
///
/// Backed by ONE byte array: a table of (name range, value range) entries followed by the field
/// bytes (for a parsed request: its header section as received). A parsed request's headers thus
/// cost one allocation. Lookups compare bytes ASCII-case-insensitively without creating Strings; a
/// String is created only for a name or value that is returned. Values are stored trimmed of
/// surrounding optional whitespace (SP / HTAB).
public struct HTTPHeaders: Sendable, Sequence {
    /// Where one field's name and (trimmed) value lie, as offsets into the field bytes.
    struct Field: Sendable, Hashable {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    /// Bytes per table entry: four little UInt32 offsets.
    static let entrySize = 16
    /// Offsets are UInt32; the parser's limits keep heads far below this.
    static let maxBytes = Int(UInt32.max)

    /// `count` table entries, then the field bytes the entries point into.
    private var storage: [UInt8]
    /// The number of fields (a name that occurs twice counts twice).
    public private(set) var count: Int

    /// No fields.
    public init() {
        storage = []
        count = 0
    }

    /// Fields in the given order, e.g. `HTTPHeaders([("Host", "example.com"), ("Accept", "*/*")])`.
    public init(_ pairs: [(String, String)]) {
        self.init()
        for (name, value) in pairs { add(name: name, value: value) }
    }

    /// Used by the parser: copies `fields` and the `byteCount` bytes at `bytes` they point into,
    /// in one allocation. The layout is assembled in `scratch` (the caller's reusable buffer) and
    /// copied out with the one Array initializer that is fully specialized and cheap.
    init(fields: UnsafeBufferPointer<Field>, bytes: UnsafePointer<UInt8>, byteCount: Int, scratch: inout [UInt8]) {
        let tableSize = fields.count &* Self.entrySize
        let total = tableSize &+ byteCount
        count = fields.count
        if scratch.count < total { scratch = [UInt8](repeating: 0, count: Swift.max(total, 2048)) }
        storage = scratch.withUnsafeMutableBytes { buffer -> [UInt8] in
            guard let raw = buffer.baseAddress else { return [] }
            for (i, f) in fields.enumerated() {
                Self.store(f, at: raw + i &* Self.entrySize)
            }
            (raw + tableSize).copyMemory(from: bytes, byteCount: byteCount)
            return Array(UnsafeRawBufferPointer(start: raw, count: total))
        }
    }

    @inline(__always)
    private static func store(_ f: Field, at entry: UnsafeMutableRawPointer) {
        entry.storeBytes(of: UInt32(truncatingIfNeeded: f.nameStart), as: UInt32.self)
        entry.storeBytes(of: UInt32(truncatingIfNeeded: f.nameEnd), toByteOffset: 4, as: UInt32.self)
        entry.storeBytes(of: UInt32(truncatingIfNeeded: f.valueStart), toByteOffset: 8, as: UInt32.self)
        entry.storeBytes(of: UInt32(truncatingIfNeeded: f.valueEnd), toByteOffset: 12, as: UInt32.self)
    }

    @inline(__always)
    private static func load(_ entry: UnsafeRawPointer) -> Field {
        Field(nameStart: Int(entry.loadUnaligned(as: UInt32.self)),
              nameEnd: Int(entry.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
              valueStart: Int(entry.loadUnaligned(fromByteOffset: 8, as: UInt32.self)),
              valueEnd: Int(entry.loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
    }

    /// Appends a field. The value is stored trimmed of surrounding SP/HTAB. No validation is done:
    /// this is for tests and for building requests by hand. (Each call shifts the field bytes to
    /// make room in the table: fine for the handful of fields built by hand.)
    public mutating func add(name: String, value: String) {
        let tableSize = count &* Self.entrySize
        var f = Field(nameStart: storage.count &- tableSize, nameEnd: 0, valueStart: 0, valueEnd: 0)
        storage.append(contentsOf: name.utf8)
        f.nameEnd = storage.count &- tableSize
        storage.append(contentsOf: value.utf8)
        var start = f.nameEnd &+ tableSize
        var end = storage.count
        while start < end && RequestBytes.isOWS(storage[start]) { start &+= 1 }
        while end > start && RequestBytes.isOWS(storage[end &- 1]) { end &-= 1 }
        f.valueStart = start &- tableSize
        f.valueEnd = end &- tableSize
        precondition(storage.count <= Self.maxBytes, "HTTPHeaders holds at most 4 GiB")
        storage.insert(contentsOf: repeatElement(0, count: Self.entrySize), at: tableSize)
        storage.withUnsafeMutableBytes { Self.store(f, at: $0.baseAddress! + tableSize) }
        count &+= 1
    }

    /// The first value of the fields named `name` (case-insensitive), or nil.
    public subscript(_ name: String) -> String? {
        var result: String?
        forEachValue(named: name) { p, start, end in
            result = RequestBytes.string(p, start, end)
            return false
        }
        return result
    }

    /// The values of all fields named `name` (case-insensitive), in order. A field whose value is a
    /// comma-separated list counts as one value.
    public func values(_ name: String) -> [String] {
        var result: [String] = []
        forEachValue(named: name) { p, start, end in
            result.append(RequestBytes.string(p, start, end))
            return true
        }
        return result
    }

    /// True when a field named `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        var found = false
        forEachValue(named: name) { _, _, _ in
            found = true
            return false
        }
        return found
    }

    /// True when `name`'s comma-separated values contain `token` (case-insensitive), e.g.
    /// `containsToken("close", in: "connection")`.
    public func containsToken(_ token: String, in name: String) -> Bool {
        var found = false
        Self.withBytes(of: token) { t in
            forEachValue(named: name) { p, start, end in
                RequestBytes.forEachListElement(p, from: start, to: end) { s, e in
                    if e &- s == t.count, let tb = t.baseAddress, RequestBytes.caseInsensitiveEquals(p + s, tb, t.count) {
                        found = true
                        return false
                    }
                    return true
                }
            }
        }
        return found
    }

    /// Visits the value ranges (in the bytes at the pointer) of the fields named `name` while `body`
    /// returns true.
    func forEachValue(named name: String, _ body: (UnsafePointer<UInt8>, Int, Int) -> Bool) {
        guard count > 0 else { return }
        Self.withBytes(of: name) { n in
            storage.withUnsafeBufferPointer { s in
                // count > 0, so the table is not empty and the base address exists.
                guard let base = s.baseAddress else { return }
                let bytes = base + count &* Self.entrySize
                var entry = UnsafeRawPointer(base)
                for _ in 0..<count {
                    let f = Self.load(entry)
                    entry += Self.entrySize
                    guard f.nameEnd &- f.nameStart == n.count else { continue }
                    if let q = n.baseAddress, !RequestBytes.caseInsensitiveEquals(bytes + f.nameStart, q, n.count) {
                        continue
                    }
                    if !body(bytes, f.valueStart, f.valueEnd) { return }
                }
            }
        }
    }

    /// Runs `body` over the UTF-8 bytes of `string` without copying native Strings.
    static func withBytes<R>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = string.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(string.utf8).withUnsafeBufferPointer(body)
    }

    /// The name and value of field `index` (0 ..< count).
    func field(at index: Int) -> (name: String, value: String) {
        storage.withUnsafeBufferPointer { s in
            guard let base = s.baseAddress, index >= 0, index < count else { return (name: "", value: "") }
            let f = Self.load(UnsafeRawPointer(base) + index &* Self.entrySize)
            let bytes = base + count &* Self.entrySize
            return (name: RequestBytes.string(bytes, f.nameStart, f.nameEnd),
                    value: RequestBytes.string(bytes, f.valueStart, f.valueEnd))
        }
    }

    // MARK: Sequence

    public typealias Element = (name: String, value: String)

    /// Iterates fields in order, creating Strings for each name and value.
    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.count else { return nil }
            defer { index += 1 }
            return headers.field(at: index)
        }
    }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    public var underestimatedCount: Int { count }
}
