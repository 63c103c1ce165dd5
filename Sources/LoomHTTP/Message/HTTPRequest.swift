// HTTPRequest: one complete, parsed HTTP/1.x request.

/// A complete request: request line, header fields, decoded body and the connection semantics
/// derived from them.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received.
    public var target: String
    /// The path part of the target: up to the first '?', percent-encoding NOT decoded. For an
    /// absolute-form target (`http://host/p?q`) it is the path after the authority ("/p"; "/" when
    /// empty); for `*` it is "*".
    public var path: String
    /// The part of the target after the first '?', nil if there is no '?'.
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Trailer fields of a chunked body; empty otherwise.
    public var trailers: HTTPHeaders
    /// The body, with chunked framing removed.
    public var body: [UInt8]
    /// HTTP/1.1: true unless "Connection: close"; HTTP/1.0: true only with "Connection: keep-alive".
    public var keepAlive: Bool
    /// "Expect: 100-continue" on an HTTP/1.1 request that has a body.
    public var expectsContinue: Bool

    /// A request built by hand; `path`, `query`, `keepAlive` and `expectsContinue` are derived from
    /// the other arguments the way the parser derives them.
    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.trailers = HTTPHeaders()
        self.body = body
        (self.path, self.query) = RequestTarget.pathAndQuery(of: target)
        self.keepAlive = RequestTarget.keepAlive(
            version: version,
            close: headers.containsToken("close", in: "connection"),
            keepAlive: headers.containsToken("keep-alive", in: "connection"))
        let declaresBody = !body.isEmpty || headers.contains("transfer-encoding")
            || headers.values("content-length").contains { (Int($0) ?? 0) > 0 }
        self.expectsContinue = version == .http1_1 && declaresBody
            && headers.containsToken("100-continue", in: "expect")
    }

    /// Used by the parser, which has already derived everything.
    init(method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion,
         headers: HTTPHeaders, trailers: HTTPHeaders, body: [UInt8], keepAlive: Bool, expectsContinue: Bool) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.trailers = trailers
        self.body = body
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// The value of query parameter `name` (first occurrence; name and value percent- and
    /// '+'-decoded), "" for a parameter without '=', nil if absent.
    public func queryParameter(_ name: String) -> String? {
        guard let query else { return nil }
        return RequestTarget.queryParameter(name, in: query)
    }
}
