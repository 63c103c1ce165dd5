// CIDRBlock: an address range such as 10.0.0.0/8, checked per request against peer addresses.

/// A range of IP addresses given as a network address and prefix length.
///
/// A bare address is a single-host block (`/32` or `/128`). Host bits after the prefix are
/// cleared, so `127.0.0.1/8` means `127.0.0.0/8`. IPv4-mapped IPv6 addresses (how a dual-stack
/// socket reports IPv4 peers) match IPv4 blocks, and IPv4 addresses match IPv6 blocks that cover
/// their mapped form, so one list works whichever way the listener is bound.
public struct CIDRBlock: Hashable, Sendable, CustomStringConvertible {
    /// The network address, with host bits cleared.
    public let network: IPAddress
    /// The number of leading bits that must match: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int
    /// Precomputed so `contains` is a mask and a compare. IPv4 blocks use the low 32 bits.
    @usableFromInline let mask: UInt128

    /// A block of `prefixLength` bits at `address`; nil if the length is out of range.
    public init?(address: IPAddress, prefixLength: Int) {
        switch address {
        case .v4(let value):
            guard (0...32).contains(prefixLength) else { return nil }
            let mask: UInt32 = prefixLength == 0 ? 0 : ~0 << (32 - prefixLength)
            self.mask = UInt128(mask)
            network = .v4(value & mask)
        case .v6(let value):
            guard (0...128).contains(prefixLength) else { return nil }
            mask = prefixLength == 0 ? 0 : ~0 << (128 - prefixLength)
            network = .v6(value & mask)
        }
        self.prefixLength = prefixLength
    }

    /// Parses `"10.0.0.0/8"`, `"2001:db8::/32"`, or a bare address (`"::1"`, `"127.0.0.1"`).
    /// Returns nil for malformed text, including whitespace and prefix lengths with leading zeros.
    public init?(_ text: some StringProtocol) {
        guard let slash = text.firstIndex(of: "/") else {
            guard let address = IPAddress(text) else { return nil }
            self.init(address: address, prefixLength: address.isV4 ? 32 : 128)
            return
        }
        let lengthText = text[text.index(after: slash)...]
        guard let address = IPAddress(text[..<slash]),
              (1...3).contains(lengthText.count),
              lengthText.allSatisfy({ $0.isASCII && $0.isNumber }),
              lengthText.count == 1 || lengthText.first != "0",
              let length = Int(lengthText)
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// Whether `address` lies in this block; allocation-free, called for every request.
    @inlinable
    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let network), .v4(let value)):
            return value & UInt32(truncatingIfNeeded: mask) == network
        case (.v4(let network), .v6(let value)):
            guard value >> 32 == 0xFFFF else { return false }
            return UInt32(truncatingIfNeeded: value) & UInt32(truncatingIfNeeded: mask) == network
        case (.v6(let network), .v6(let value)):
            return value & mask == network
        case (.v6(let network), .v4(let value)):
            return (0xFFFF << 32 | UInt128(value)) & mask == network
        }
    }

    /// `network/prefixLength` in canonical form, e.g. `"127.0.0.0/8"`.
    public var description: String { "\(network)/\(prefixLength)" }
}
