// RedisConfiguration: where Redis is (parsed from REDIS_URL), how to log in, and the client's timeouts.

import LoomCore

/// Everything a `RedisConnection` needs: address, credentials, database and timing.
public struct RedisConfiguration: Sendable, Equatable {
    /// Host name or IP literal (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// Redis 6 ACL user; nil sends `AUTH password` alone.
    public var username: String?
    /// nil sends no `AUTH`.
    public var password: String?
    /// `SELECT`ed after connecting when not 0.
    public var database: Int
    /// Shown in `CLIENT LIST` (`CLIENT SETNAME`), so operators can tell Loom's connections apart.
    public var clientName: String?
    /// Opening the connection, including `AUTH` and `SELECT`, must finish within this.
    public var connectTimeout: Duration
    /// While the connection is down, a new command waits this long for it to come back; once the
    /// connection has been down for longer, commands fail at once with `RedisError.unavailable`.
    public var reconnectWait: Duration
    /// Delay before the first reconnect attempt; doubled per failed attempt (with jitter).
    public var reconnectInitialDelay: Duration
    /// Upper bound of the reconnect delay.
    public var reconnectMaximumDelay: Duration

    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil,
                database: Int = 0, clientName: String? = "loom", connectTimeout: Duration = .seconds(5),
                reconnectWait: Duration = .seconds(5), reconnectInitialDelay: Duration = .milliseconds(50),
                reconnectMaximumDelay: Duration = .seconds(5)) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.reconnectWait = reconnectWait
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaximumDelay = reconnectMaximumDelay
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]` (user and password percent-decoded,
    /// IPv6 hosts in brackets). `rediss://` throws `RedisError.tlsUnsupported`: Debian's hiredis
    /// 0.14 has no TLS, and silently connecting in clear text would be worse than refusing.
    /// `redis://[user:***@]host:port/db`: the address without the password, for logs.
    public var redacted: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        let address = host.contains(":") ? "[\(host)]" : host
        return "redis://\(credentials)\(address):\(port)/\(database)"
    }

    public init(url: String) throws(RedisError) {
        self.init()
        var rest = Substring(url)
        if rest.hasPrefix("rediss://") { throw .tlsUnsupported }
        guard rest.hasPrefix("redis://") else { throw .invalidURL("expected redis://host:port/db") }
        rest = rest.dropFirst("redis://".count)
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            throw .invalidURL("query parameters are not supported (\(rest[query...]))")
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = try Self.percentDecoded(credentials[..<colon])
                username = user.isEmpty ? nil : user
                password = try Self.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                // `redis://secret@host` is how many tools write a password-only URL.
                password = try Self.percentDecoded(credentials)
            }
        }
        try parseHostAndPort(rest)
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else { throw .invalidURL("database must be a number, got \"\(path)\"") }
            database = number
        }
    }

    private mutating func parseHostAndPort(_ text: Substring) throws(RedisError) {
        var hostPart = text
        var portPart: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .invalidURL("unterminated IPv6 address") }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL("unexpected text after the IPv6 address") }
                portPart = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw .invalidURL("missing host") }
        host = String(hostPart)
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw .invalidURL("port must be 1-65535, got \"\(portPart)\"")
            }
            port = number
        }
    }

    private static func percentDecoded(_ text: Substring) throws(RedisError) -> String {
        guard let decoded = PercentDecoding.decode(text) else { throw .invalidURL("bad percent-encoding in the credentials") }
        return decoded
    }

}
