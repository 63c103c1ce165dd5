// PostgresHostResolver: resolves host names before libpq sees them, so no DNS lookup runs on a loop thread.

#if canImport(Glibc)
import Glibc
#endif

/// Turns the `host` list of a connection into numeric `hostaddr` entries.
///
/// libpq resolves host names inside `PQconnectStart`/`PQconnectPoll` with a blocking
/// `getaddrinfo`, which would stall the event loop for as long as DNS takes. Given `hostaddr`,
/// libpq connects to that address and skips the lookup, while still using `host` for TLS
/// certificate checks and `.pgpass`. So the connection resolves here, on the calling task,
/// before any libpq call: each name becomes one entry per address it resolves to (libpq tries
/// them in order, as it would have). Socket directories and numeric addresses pass through.
enum PostgresHostResolver {
    /// Parameters with `hostaddr` (and a matching `host`/`port` list) filled in, unless the
    /// caller already gave `hostaddr` or no host at all (the default socket directory).
    static func resolve(_ parameters: [(String, String)]) throws(PostgresError) -> [(String, String)] {
        var values = Dictionary(parameters, uniquingKeysWith: { _, last in last })
        guard values["hostaddr"] == nil, let hostList = values["host"], !hostList.isEmpty else { return parameters }
        let hosts = hostList.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let portList = (values["port"] ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var expandedHosts: [String] = [], addresses: [String] = [], ports: [String] = []
        for (index, host) in hosts.enumerated() {
            // One port for all hosts, or one per host.
            let port = portList.count == hosts.count ? portList[index] : (portList.first ?? "")
            for address in try addressesOf(host) {
                expandedHosts.append(host)
                addresses.append(address)
                ports.append(port)
            }
        }
        values["host"] = expandedHosts.joined(separator: ",")
        values["hostaddr"] = addresses.joined(separator: ",")
        if ports.contains(where: { !$0.isEmpty }) { values["port"] = ports.joined(separator: ",") }
        return values.sorted { $0.key < $1.key }
    }

    /// Numeric addresses for one host entry; `[""]` (let libpq use `host`) for a socket directory.
    static func addressesOf(_ host: String) throws(PostgresError) -> [String] {
        if host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") { return [""] }
        if isNumeric(host) { return [host] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw PostgresError(.connection, "could not translate host name \"\(host)\" to address: \(reason)")
        }
        defer { freeaddrinfo(list) }
        var found: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0,
                           NI_NUMERICHOST) == 0 {
                let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !found.contains(address) { found.append(address) }
            }
            entry = current.pointee.ai_next
        }
        guard !found.isEmpty else { throw PostgresError(.connection, "host name \"\(host)\" has no usable address") }
        return found
    }

    /// True for an IPv4 or IPv6 literal.
    static func isNumeric(_ host: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }
}
