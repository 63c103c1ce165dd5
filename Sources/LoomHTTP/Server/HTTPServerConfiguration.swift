// HTTPServerConfiguration: where the server listens and the limits each connection gets.

public import LoomCore

/// Settings of an `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// Numeric listen address (`0.0.0.0`, `::`, `127.0.0.1`).
    public var host: String
    /// Listen port; 0 picks a free one (tests).
    public var port: Int
    /// Limits and timeouts of every connection.
    public var connection: HTTPConnectionStateMachine.Configuration
    /// Peers whose `X-Forwarded-For`/`-Proto` are believed.
    public var trustedProxies: [CIDRBlock]
    /// Listen backlog per loop.
    public var backlog: Int32

    public init(host: String = "0.0.0.0", port: Int = 8000,
                connection: HTTPConnectionStateMachine.Configuration = .init(),
                trustedProxies: [CIDRBlock] = [], backlog: Int32 = 4096) {
        self.host = host
        self.port = port
        self.connection = connection
        self.trustedProxies = trustedProxies
        self.backlog = backlog
    }
}
