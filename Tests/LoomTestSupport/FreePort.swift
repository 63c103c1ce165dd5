// FreePort: a loopback TCP port nobody listens on, for servers a test starts as child processes.

#if canImport(Glibc)
import Glibc
#endif

/// The kernel's pick for an ephemeral bind on 127.0.0.1, released at once. Another process could
/// take it before the caller's server binds it, which on a test machine is rare enough.
public enum FreePort {
    /// A free loopback port, or a failure saying why none could be had.
    public static func loopback() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FreePortError(reason: "socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw FreePortError(reason: "cannot bind an ephemeral loopback port") }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// No free port could be found.
public struct FreePortError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
