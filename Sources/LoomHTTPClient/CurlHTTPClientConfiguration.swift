// CurlHTTPClientConfiguration: client-wide limits, TLS trust and connection-pool settings of CurlHTTPClient.

import LoomCore

/// Settings shared by every request one `CurlHTTPClient` sends.
///
/// Proxies are configured the way every curl program is: through the environment, read by libcurl
/// for each new connection. `https_proxy`/`HTTPS_PROXY` for https URLs, `http_proxy` (lowercase
/// only — libcurl ignores upper-case `HTTP_PROXY` on purpose, the "httpoxy" rule) for http URLs,
/// `all_proxy`/`ALL_PROXY` as a fallback, and `no_proxy`/`NO_PROXY` for exceptions. The client
/// never sets a proxy itself, so nothing here overrides them.
public struct CurlHTTPClientConfiguration: Sendable {
    /// Longest time to open TCP (and TLS) to a server; the request's own timeout still bounds the whole exchange.
    public var connectTimeout: Duration
    /// Largest response body accepted, after content decoding; a larger one fails the request.
    public var maxResponseBytes: Int
    /// Redirects followed at most per request; one more fails with `.tooManyRedirects`.
    public var maxRedirects: Int
    /// PEM file of trusted certificate authorities; nil uses the system bundle libcurl was built
    /// with (Debian: `/etc/ssl/certs/ca-certificates.crt`). Peer and host verification are always on.
    public var caBundlePath: String?
    /// Sent when a request carries no `User-Agent` header (default `loom/<version>`).
    public var userAgent: String
    /// Open connections to one host at most (0: no limit); further transfers wait in curl's queue.
    public var maxConnectionsPerHost: Int
    /// Idle connections kept for reuse (nil: curl's default, four per transfer ever added at once).
    public var maxCachedConnections: Int?
    /// Finished easy handles kept for the next request instead of being freed.
    public var handlePoolSize: Int

    public init(connectTimeout: Duration = .seconds(10), maxResponseBytes: Int = 64 * 1024 * 1024, maxRedirects: Int = 5,
                caBundlePath: String? = nil, userAgent: String? = nil,
                maxConnectionsPerHost: Int = 0, maxCachedConnections: Int? = nil, handlePoolSize: Int = 16) {
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxRedirects = maxRedirects
        self.caBundlePath = caBundlePath
        self.userAgent = userAgent ?? "loom/\(LoomVersion.current)"
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxCachedConnections = maxCachedConnections
        self.handlePoolSize = handlePoolSize
    }
}
