// HTTPClient: the outbound HTTP interface the platform adapters and model clients use.

/// An outbound HTTP request.
public struct HTTPClientRequest: Sendable {
    public var method: String
    /// Absolute `http://` or `https://` URL.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Whole-request timeout (connect, send, wait, receive).
    public var timeout: Duration
    /// Follow 3xx redirects (Bitbucket's diff answers 302); credentials are not sent to another host.
    public var followRedirects: Bool

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
                timeout: Duration = .seconds(30), followRedirects: Bool = true) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.followRedirects = followRedirects
    }
}

/// A response.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The URL that answered (after redirects).
    public var url: String

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], url: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no HTTP response at all. (An HTTP error status is a response, not an error.)
public enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidURL(String)
    case timeout
    case connectionFailed(String)
    case tls(String)
    case tooManyRedirects
    case cancelled
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .timeout: "timed out"
        case .connectionFailed(let message): "connection failed: \(message)"
        case .tls(let message): "TLS failed: \(message)"
        case .tooManyRedirects: "too many redirects"
        case .cancelled: "cancelled"
        case .other(let message): message
        }
    }
}

/// Sends requests. `CurlHTTPClient` is the real one; tests may substitute a recording fake.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse
}
