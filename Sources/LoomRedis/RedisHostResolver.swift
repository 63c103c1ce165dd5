// RedisHostResolver: turns a host name into an IP literal off the loop thread (hiredis 0.14 would block in getaddrinfo).

#if canImport(Glibc)
import Glibc
#endif
import LoomCore

/// hiredis resolves names with a blocking `getaddrinfo` inside `redisAsyncConnect`, which would
/// stall every connection of the loop while DNS answers. Names are therefore resolved here, on a
/// thread that may block, and hiredis is only ever given an IP literal.
enum RedisHostResolver {
    /// True when `host` is already an IPv4 or IPv6 literal (nothing to resolve).
    static func isLiteral(_ host: String) -> Bool {
        IPAddress(host) != nil
    }

    /// The first address of `host` (IPv4 preferred: Redis commonly binds 127.0.0.1 only). Blocking.
    static func resolve(_ host: String) -> Result<String, RedisError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.connectFailed("cannot resolve \"\(host)\": \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var candidates: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let address = entry.pointee.ai_addr else { continue }
            if let text = numericHost(address, length: entry.pointee.ai_addrlen) {
                if entry.pointee.ai_family == AF_INET { return .success(text) }
                candidates.append(text)
            }
        }
        guard let address = candidates.first else { return .failure(.connectFailed("\"\(host)\" has no usable address")) }
        return .success(address)
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
