// PostgresConfiguration: a validated DATABASE_URL (libpq URI or key=value) and the pool's limits and timeouts.

internal import CPostgres

/// Where and how to connect, and how the pool behaves.
///
/// The URL is handed to libpq, which understands `postgresql://user:pass@host:port/db?sslmode=…`
/// (also `postgres://`) and `key=value` strings, including TLS (`sslmode`, `sslrootcert`, …) and
/// several hosts. It is checked here with libpq's own parser, so a typo fails at start with
/// libpq's message rather than on the first query.
public struct PostgresConfiguration: Sendable {
    /// The connection string as given.
    public let url: String
    /// The options libpq parsed from it (only those set), e.g. `host`, `port`, `dbname`, `user`, `sslmode`.
    public let options: [String: String]

    /// Connections the pool keeps at most.
    public var poolSize: Int = 8
    /// Limit for establishing one connection (libpq ignores `connect_timeout` in non-blocking mode).
    public var connectTimeout: Duration = .seconds(10)
    /// How long `lease` waits for a busy pool before failing with `.poolExhausted`.
    public var leaseTimeout: Duration = .seconds(10)
    /// Limit for one request's answer (scripts have none); on expiry the connection is closed (nil: no limit).
    public var queryTimeout: Duration? = .seconds(30)
    /// Limit for a health check.
    public var pingTimeout: Duration = .seconds(5)
    /// First wait before reconnecting after a failed connect; doubles per failure up to `maxReconnectDelay`.
    public var reconnectDelay: Duration = .milliseconds(100)
    public var maxReconnectDelay: Duration = .seconds(5)
    /// Distinct statements each connection prepares (and then runs without re-parsing).
    public var preparedStatementLimit: Int = 256

    /// Parses and validates `url`.
    public init(url given: String) throws(PostgresError) {
        let url = Self.lowercasingScheme(given)
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(url, &errorMessage) else {
            defer { PQfreemem(errorMessage) }
            let message = errorMessage.map { String(cString: $0).trimmingTrailingNewlines() } ?? "not a connection string"
            throw PostgresError(.invalidConfiguration, message)
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        // libpq checks ports only when connecting; a typo there should fail at start like the rest.
        if let ports = options["port"],
           ports.split(separator: ",", omittingEmptySubsequences: false).contains(where: { UInt16($0) == nil && !$0.isEmpty }) {
            throw PostgresError(.invalidConfiguration, "invalid port \"\(ports)\"")
        }
        if let mode = options["sslmode"], !Self.sslModes.contains(mode) {
            throw PostgresError(.invalidConfiguration, "sslmode must be one of \(Self.sslModes.joined(separator: ", ")) (got \"\(mode)\")")
        }
        self.url = url
        self.options = options
    }

    private static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    /// libpq recognizes only lower-case `postgresql://`/`postgres://`; URL schemes are case-insensitive.
    private static func lowercasingScheme(_ url: String) -> String {
        guard let separator = url.firstRange(of: "://") else { return url }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "postgresql" || scheme == "postgres" else { return url }
        return scheme + url[separator.lowerBound...]
    }

    /// The URL with any password replaced by `***`, for logs and error messages.
    public var redacted: String {
        let options = self.options.merging(overrides) { _, override in override }
        let user = options["user"].map { $0 + (options["password"] != nil ? ":***" : "") + "@" } ?? ""
        let host = options["host"] ?? ""
        let port = options["port"].map { ":" + $0 } ?? ""
        let database = options["dbname"].map { "/" + $0 } ?? ""
        let query = options["sslmode"].map { "?sslmode=" + $0 } ?? ""
        return "postgresql://\(user)\(host)\(port)\(database)\(query)"
    }

    /// The same configuration with one libpq option replaced, e.g. `("dbname", "other")` or
    /// `("sslmode", "require")`.
    public func with(_ option: String, _ value: String) -> PostgresConfiguration {
        var copy = self
        copy.overrides[option] = value
        return copy
    }

    /// Options that replace the URL's when connecting.
    var overrides: [String: String] = [:]

    /// Keyword/value pairs for `PQconnectStartParams`: the parsed options, the overrides, UTF-8,
    /// and a default application name (a URL's own `application_name` wins).
    func connectionParameters() -> [(String, String)] {
        var merged = options.merging(overrides) { _, override in override }
        merged["client_encoding"] = "UTF8"
        if merged["application_name"] == nil { merged["fallback_application_name"] = "loom" }
        return merged.sorted { $0.key < $1.key }
    }
}
