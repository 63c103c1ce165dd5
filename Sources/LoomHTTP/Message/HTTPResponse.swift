// HTTPResponse: what a handler returns: status, headers and a body, with JSON helpers.

public import LoomCore

/// A complete response. The server adds `Content-Length`, `Date`, `Server` and `Connection`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    /// Extra header fields, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Close the connection after this response even if the client wanted to keep it.
    public var closeConnection: Bool

    public init(status: HTTPStatus, headers: [(name: String, value: String)] = [], body: [UInt8] = [], closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
    }

    /// A JSON response with the right content type.
    public static func json(_ status: HTTPStatus, _ body: [UInt8], headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body)
    }

    /// Loom's error shape: `{"success":false,"error":"<code>","message":"…"}`.
    public static func error(_ status: HTTPStatus, code: String, message: String,
                             headers: [(name: String, value: String)] = [], closeConnection: Bool = false) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 96 + message.utf8.count)
        writer.beginObject()
        writer.field("success", false)
        writer.field("error", code)
        writer.field("message", message)
        writer.endObject()
        var response = json(status, writer.bytes, headers: headers)
        response.closeConnection = closeConnection
        return response
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
