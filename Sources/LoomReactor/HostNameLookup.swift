// HostNameLookup: a blocking getaddrinfo that returns numeric addresses, for clients that must not resolve on a loop.

#if canImport(Glibc)
import Glibc
#endif

/// Database and cache clients hand their C libraries numeric addresses only: libpq and hiredis
/// would otherwise call `getaddrinfo` themselves, on the loop thread, and stall it while DNS
/// answers. `resolve` runs the lookup on a thread of its own; `addresses` blocks its caller.
public enum HostNameLookup {
    /// `addresses(of:)` on a short-lived thread of its own, so a slow resolver blocks neither an
    /// event loop nor a thread of Swift's cooperative pool (a 2-core machine has two of those,
    /// and a reconnecting pool resolves once per connection). Lookups happen only on connects.
    public static func resolve(_ host: String) async -> Result<[String], HostNameLookupError> {
        await withCheckedContinuation { continuation in
            do {
                try LoopThread(name: "loom-dns") { continuation.resume(returning: addresses(of: host)) }.detach()
            } catch {
                continuation.resume(returning: addresses(of: host))  // no thread to be had: block here instead
            }
        }
    }

    /// Every distinct numeric address of `host`, in the resolver's order, or the reason there is none.
    public static func addresses(of host: String) -> Result<[String], HostNameLookupError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(HostNameLookupError(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var found: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ai_next }) {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard let address = entry.pointee.ai_addr,
                  getnameinfo(address, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let numeric = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !found.contains(numeric) { found.append(numeric) }
        }
        guard !found.isEmpty else { return .failure(HostNameLookupError(host: host, reason: "no usable address")) }
        return .success(found)
    }

    /// True for an IPv4 or IPv6 literal (nothing to resolve).
    public static func isNumeric(_ host: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }
}

/// A host name that did not resolve.
public struct HostNameLookupError: Error, Sendable {
    public let host: String
    /// `gai_strerror`'s text, or why no address was usable.
    public let reason: String
}
