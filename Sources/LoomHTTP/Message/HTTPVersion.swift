// HTTPVersion: the two HTTP/1.x versions Loom speaks.

/// The protocol version of a request. Other versions are refused by the parser (505).
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    case http1_0
    case http1_1

    /// The version as it appears on the wire, e.g. "HTTP/1.1".
    public var description: String {
        switch self {
        case .http1_0: "HTTP/1.0"
        case .http1_1: "HTTP/1.1"
        }
    }
}
