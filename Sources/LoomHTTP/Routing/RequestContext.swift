// RequestContext: where a request came from and which loop it runs on, for handlers.

public import LoomCore
public import LoomReactor

/// Per-request facts a handler may need beyond the request itself.
public struct RequestContext: Sendable {
    /// The loop that owns the connection; synchronous handlers run on it.
    public let loop: EventLoop
    /// The TCP peer (a proxy, when behind Traefik).
    public let peer: SocketAddress?
    /// When the request was complete, on the loop's monotonic clock.
    public let receivedAt: Instant
    /// Values of `{name}` segments in the matched route, percent-decoded.
    public internal(set) var pathParameters: [String: String] = [:]
    let trustedProxies: [CIDRBlock]

    public init(loop: EventLoop, peer: SocketAddress?, receivedAt: Instant, trustedProxies: [CIDRBlock] = []) {
        self.loop = loop
        self.peer = peer
        self.receivedAt = receivedAt
        self.trustedProxies = trustedProxies
    }

    /// The client's address: the peer, or — only when the peer is a trusted proxy — the
    /// right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Entries further
    /// left were written by the client and prove nothing.
    public func clientAddress(for request: HTTPRequest) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer.ipAddress) else { return peer.host }
        let hops = request.headers.values("X-Forwarded-For")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces() }
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return peer.host }
            if !isTrusted(address) { return String(hop) }
        }
        return hops.first.map(String.init) ?? peer.host
    }

    /// `https` or `http`: `X-Forwarded-Proto` when the peer is a trusted proxy, else `http`.
    public func scheme(for request: HTTPRequest) -> String {
        guard let peer, isTrusted(peer.ipAddress),
              let forwarded = request.headers["X-Forwarded-Proto"]?.lowercased(),
              forwarded == "https" || forwarded == "http" else { return "http" }
        return forwarded
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}

extension HTTPHeaders: HeaderLookup {
    public func headerValue(_ name: String) -> String? { self[name] }
}
