// RedisHostResolver: turns a host name into an IP literal off the loop thread (hiredis 0.14 would block in getaddrinfo).

import LoomReactor

/// hiredis resolves names with a blocking `getaddrinfo` inside `redisAsyncConnect`, which would
/// stall every connection of the loop while DNS answers. Names are therefore resolved here, on a
/// thread of their own (`HostNameLookup.resolve`), and hiredis is only ever given an IP literal.
enum RedisHostResolver {
    /// The first address of `host` (IPv4 preferred: Redis commonly binds 127.0.0.1 only).
    static func resolve(_ host: String) async -> Result<String, RedisError> {
        switch await HostNameLookup.resolve(host) {
        case .success(let addresses):
            return .success(addresses.first { !$0.contains(":") } ?? addresses[0])
        case .failure(let error):
            return .failure(.connectFailed("cannot resolve \"\(host)\": \(error.reason)"))
        }
    }
}
