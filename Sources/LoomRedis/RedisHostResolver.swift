// RedisHostResolver: turns a host name into an IP literal off the loop thread (hiredis 0.14 would block in getaddrinfo).

import LoomReactor

/// hiredis resolves names with a blocking `getaddrinfo` inside `redisAsyncConnect`, which would
/// stall every connection of the loop while DNS answers. Names are therefore resolved here, on a
/// thread that may block, and hiredis is only ever given an IP literal.
enum RedisHostResolver {
    /// True when `host` is already an IPv4 or IPv6 literal (nothing to resolve).
    static func isLiteral(_ host: String) -> Bool {
        HostNameLookup.isNumeric(host)
    }

    /// The first address of `host` (IPv4 preferred: Redis commonly binds 127.0.0.1 only). Blocking.
    static func resolve(_ host: String) -> Result<String, RedisError> {
        switch HostNameLookup.addresses(of: host) {
        case .success(let addresses):
            return .success(addresses.first { !$0.contains(":") } ?? addresses[0])
        case .failure(let error):
            return .failure(.connectFailed("cannot resolve \"\(host)\": \(error.reason)"))
        }
    }
}
