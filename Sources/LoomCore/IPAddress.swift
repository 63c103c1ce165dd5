// IPAddress: an IPv4 or IPv6 address parsed from text or a socket address without allocating.

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address.
///
/// Stored as plain integers in network (big-endian) bit order, so `1.2.3.4` is `.v4(0x0102_0304)`
/// and comparisons and CIDR masks are single integer operations. Parsing is strict on purpose:
/// addresses come from untrusted headers (`X-Forwarded-For`), so ambiguous forms such as IPv4
/// octets with leading zeros (octal in some C parsers) are rejected rather than guessed at.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address; the first octet is the most significant byte.
    case v4(UInt32)
    /// An IPv6 address; the first group is the most significant 16 bits.
    case v6(UInt128)

    /// Parses dotted-quad IPv4 (`"10.0.0.1"`) or IPv6 text, including compressed forms (`"::1"`,
    /// `"fe80::1"`) and embedded IPv4 (`"::ffff:1.2.3.4"`). Returns nil for anything else,
    /// including surrounding whitespace, brackets and zone ids.
    public init?(_ text: some StringProtocol) {
        let parsed = text.utf8.withContiguousStorageIfAvailable { IPAddress.parse(utf8: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { IPAddress.parse(utf8: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses an address from UTF-8 bytes; the allocation-free core of `init?(_:)`.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> IPAddress? {
        // A colon can only appear in IPv6, and every IPv6 text form has one.
        if bytes.contains(UInt8(ascii: ":")) { return parseIPv6(bytes).map { .v6($0) } }
        return parseIPv4(bytes[...]).map { .v4($0) }
    }

    /// Reads the address from a `sockaddr_storage` (or `sockaddr_in`/`sockaddr_in6`) given as raw
    /// bytes, as filled in by `accept(2)` or `getpeername(2)`. Returns nil for other families.
    public static func fromSocketAddress(_ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        let familyOffset = MemoryLayout<sockaddr>.offset(of: \sockaddr.sa_family)!
        guard bytes.count >= familyOffset + MemoryLayout<sa_family_t>.size else { return nil }
        let family = Int32(bytes.loadUnaligned(fromByteOffset: familyOffset, as: sa_family_t.self))
        switch family {
        case AF_INET:
            let offset = MemoryLayout<sockaddr_in>.offset(of: \sockaddr_in.sin_addr)!
            guard bytes.count >= offset + 4 else { return nil }
            var value: UInt32 = 0
            for index in offset..<offset + 4 { value = value << 8 | UInt32(bytes[index]) }
            return .v4(value)
        case AF_INET6:
            let offset = MemoryLayout<sockaddr_in6>.offset(of: \sockaddr_in6.sin6_addr)!
            guard bytes.count >= offset + 16 else { return nil }
            var value: UInt128 = 0
            for index in offset..<offset + 16 { value = value << 8 | UInt128(bytes[index]) }
            return .v6(value)
        default:
            return nil
        }
    }

    /// Whether this is an IPv4 address (not an IPv4-mapped IPv6 one).
    public var isV4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// Whether this is an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), as a dual-stack socket
    /// reports IPv4 peers.
    public var isIPv4Mapped: Bool {
        if case .v6(let value) = self { return value >> 32 == 0xFFFF }
        return false
    }

    /// The IPv4 address for an IPv4-mapped IPv6 address, otherwise the address itself; use it
    /// before logging or comparing addresses that may come from a dual-stack socket.
    public var unmapped: IPAddress {
        if case .v6(let value) = self, value >> 32 == 0xFFFF { return .v4(UInt32(truncatingIfNeeded: value)) }
        return self
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`,
    /// mapped addresses as `::ffff:a.b.c.d`).
    public var description: String {
        switch self {
        case .v4(let value):
            return Self.dottedQuad(value)
        case .v6(let value):
            if value >> 32 == 0xFFFF { return "::ffff:" + Self.dottedQuad(UInt32(truncatingIfNeeded: value)) }
            return Self.ipv6Text(value)
        }
    }

    // MARK: - Parsing

    /// Four decimal octets 0–255 without leading zeros.
    static func parseIPv4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var index = bytes.startIndex
        while true {
            var value: UInt32 = 0
            var digits = 0
            let first = index
            while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + UInt32(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
                if digits > 3 { return nil }
            }
            if digits == 0 || value > 255 || (digits > 1 && bytes[first] == UInt8(ascii: "0")) { return nil }
            result = result << 8 | value
            octets += 1
            if octets == 4 { return index == bytes.endIndex ? result : nil }
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return nil }
            index += 1
        }
    }

    /// Up to eight groups of 1–4 hex digits, at most one `::`, optionally ending in dotted IPv4.
    static func parseIPv6(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt128? {
        let colon = UInt8(ascii: ":")
        let count = bytes.count
        // Groups before `::` accumulate in `head`, groups after it in `tail`.
        var head: UInt128 = 0, headCount = 0
        var tail: UInt128 = 0, tailCount = 0
        var compressed = false
        var index = 0
        if count >= 2, bytes[0] == colon, bytes[1] == colon {
            compressed = true
            index = 2
            if count == 2 { return 0 }
        }
        func append(_ group: UInt128) -> Bool {
            if compressed { tail = tail << 16 | group; tailCount += 1 } else { head = head << 16 | group; headCount += 1 }
            return headCount + tailCount <= 8
        }
        while true {
            let start = index
            var group: UInt128 = 0
            var digits = 0
            while index < count, let nibble = Hex.digitValue(bytes[index]) {
                group = group << 4 | UInt128(nibble)
                digits += 1
                index += 1
                if digits > 4 { return nil }
            }
            if index < count, bytes[index] == UInt8(ascii: ".") {
                // Embedded IPv4 takes the last two groups and must end the text.
                guard let ipv4 = parseIPv4(bytes[start..<count]) else { return nil }
                guard append(UInt128(ipv4 >> 16)), append(UInt128(ipv4 & 0xFFFF)) else { return nil }
                break
            }
            guard digits > 0, append(group) else { return nil }
            if index == count { break }
            guard bytes[index] == colon else { return nil }
            index += 1
            if index < count, bytes[index] == colon {
                if compressed { return nil }
                compressed = true
                index += 1
                if index == count { break }
            } else if index == count {
                return nil  // a single trailing colon
            }
        }
        if compressed {
            // `::` stands for at least one zero group.
            guard headCount + tailCount <= 7 else { return nil }
            return head << (16 * (8 - headCount)) | tail
        }
        return headCount == 8 ? head : nil
    }


    // MARK: - Formatting

    private static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    private static func ipv6Text(_ value: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (16 * (7 - $0))) }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        var bestStart = -1, bestLength = 1
        var runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex(bestStart + bestLength..<8)
    }
}
