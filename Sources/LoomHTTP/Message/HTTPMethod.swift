// HTTPMethod: a request method token, with constants for the standard ones.

/// A request method. Methods are case-sensitive tokens (RFC 9110 §9.1); any token is representable
/// so the router can answer 405/501 instead of the parser refusing unknown methods.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let connect = HTTPMethod(rawValue: "CONNECT")
    public static let trace = HTTPMethod(rawValue: "TRACE")
}

extension HTTPMethod {
    /// The method spelled by `count` bytes at `p`; the standard ones reuse their constants so the
    /// common case builds no String.
    init(bytes p: UnsafePointer<UInt8>, count: Int) {
        switch count {
        case 3:
            if RequestBytes.equals(p, count, "GET") { self = .get; return }
            if RequestBytes.equals(p, count, "PUT") { self = .put; return }
        case 4:
            if RequestBytes.equals(p, count, "POST") { self = .post; return }
            if RequestBytes.equals(p, count, "HEAD") { self = .head; return }
        case 5:
            if RequestBytes.equals(p, count, "PATCH") { self = .patch; return }
            if RequestBytes.equals(p, count, "TRACE") { self = .trace; return }
        case 6:
            if RequestBytes.equals(p, count, "DELETE") { self = .delete; return }
        case 7:
            if RequestBytes.equals(p, count, "OPTIONS") { self = .options; return }
            if RequestBytes.equals(p, count, "CONNECT") { self = .connect; return }
        default:
            break
        }
        self.init(rawValue: RequestBytes.string(p, 0, count))
    }
}
