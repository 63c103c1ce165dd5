// HeaderLookup: read access to request header fields, so platform code need not know the HTTP server.

/// Case-insensitive header lookup. `LoomHTTP.HTTPHeaders` conforms; tests can use `[String: String]`-backed values.
public protocol HeaderLookup {
    /// The first value of the field `name` (case-insensitive), nil when absent.
    func headerValue(_ name: String) -> String?
}

/// A simple header set for tests and tools.
public struct HeaderDictionary: HeaderLookup, Sendable {
    private let fields: [String: String]

    public init(_ fields: [String: String]) {
        var lowered: [String: String] = [:]
        for (name, value) in fields { lowered[name.lowercased()] = value }
        self.fields = lowered
    }

    public func headerValue(_ name: String) -> String? { fields[name.lowercased()] }
}
