// SocketAddress: an IPv4 or IPv6 socket address, convertible to and from sockaddr storage.

#if canImport(Glibc)
import Glibc
#endif
internal import CLoomSys
public import LoomCore

/// An IP socket address.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let addressBytes: [UInt8]
    /// The port in host byte order.
    public let port: UInt16

    /// Creates an address from raw bytes (4 or 16) and a port.
    public init(addressBytes: [UInt8], port: UInt16) {
        precondition(addressBytes.count == 4 || addressBytes.count == 16, "IP addresses have 4 or 16 bytes")
        self.addressBytes = addressBytes
        self.port = port
    }

    /// Parses a numeric host (`127.0.0.1`, `::1`, `0.0.0.0`) and port; nil if not numeric.
    public init?(host: String, port: UInt16) {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            self.init(addressBytes: withUnsafeBytes(of: &v4) { Array($0) }, port: port)
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            self.init(addressBytes: withUnsafeBytes(of: &v6) { Array($0) }, port: port)
            return
        }
        return nil
    }

    /// True for IPv6 addresses.
    public var isIPv6: Bool { addressBytes.count == 16 }

    /// The address without the port, in its usual text form.
    public var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = isIPv6 ? AF_INET6 : AF_INET
        addressBytes.withUnsafeBytes { raw in
            _ = inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads an address filled in by accept/getsockname; nil for non-IP families.
    init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            var bytes = address.sin_addr
            self.init(addressBytes: withUnsafeBytes(of: &bytes) { Array($0) }, port: UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            var bytes = address.sin6_addr
            self.init(addressBytes: withUnsafeBytes(of: &bytes) { Array($0) }, port: UInt16(bigEndian: address.sin6_port))
        default:
            return nil
        }
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        if isIPv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: addressBytes) }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: addressBytes) }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}

extension SocketAddress {
    /// The address as an `IPAddress`, for matching against CIDR blocks.
    public var ipAddress: IPAddress {
        if isIPv6 {
            return .v6(addressBytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) })
        }
        return .v4(addressBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }
}
