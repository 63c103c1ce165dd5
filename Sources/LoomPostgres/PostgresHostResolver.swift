// PostgresHostResolver: resolves host names before libpq sees them, so no DNS lookup runs on a loop thread.

import LoomReactor

/// Turns the `host` list of a connection into numeric `hostaddr` entries.
///
/// libpq resolves host names inside `PQconnectStart`/`PQconnectPoll` with a blocking
/// `getaddrinfo`, which would stall the event loop for as long as DNS takes. Given `hostaddr`,
/// libpq connects to that address and skips the lookup, while still using `host` for TLS
/// certificate checks and `.pgpass`. So the connection resolves here (`HostNameLookup.resolve`,
/// off the loop and the cooperative pool) before any libpq call: each name becomes one entry per address it resolves to (libpq tries
/// them in order, as it would have). Socket directories and numeric addresses pass through.
enum PostgresHostResolver {
    /// Parameters with `hostaddr` (and a matching `host`/`port` list) filled in, unless the
    /// caller already gave `hostaddr` or no host at all (the default socket directory).
    static func resolve(_ parameters: [(String, String)]) async throws(PostgresError) -> [(String, String)] {
        var values = Dictionary(parameters, uniquingKeysWith: { _, last in last })
        guard values["hostaddr"] == nil, let hostList = values["host"], !hostList.isEmpty else { return parameters }
        let hosts = hostList.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let portList = (values["port"] ?? "").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var expandedHosts: [String] = [], addresses: [String] = [], ports: [String] = []
        for (index, host) in hosts.enumerated() {
            // One port for all hosts, or one per host.
            let port = portList.count == hosts.count ? portList[index] : (portList.first ?? "")
            for address in try await addressesOf(host) {
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
    static func addressesOf(_ host: String) async throws(PostgresError) -> [String] {
        if host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@") { return [""] }
        if HostNameLookup.isNumeric(host) { return [host] }
        switch await HostNameLookup.resolve(host) {
        case .success(let addresses): return addresses
        case .failure(let error):
            throw PostgresError(.connection, "could not translate host name \"\(host)\" to address: \(error.reason)")
        }
    }
}
