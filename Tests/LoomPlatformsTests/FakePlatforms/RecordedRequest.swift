// RecordedRequest: one request a fake platform received, kept for assertions.

import LoomCore
import LoomHTTP

/// A request as the fake saw it: method, raw path, query, headers and body.
struct RecordedRequest: Sendable {
    let request: HTTPRequest

    var method: String { request.method.rawValue }
    /// The path exactly as sent (percent-encoding kept, e.g. `gitlab-org%2Fgitlab-foss`).
    var path: String { request.path }
    /// The raw query string, nil when there was none.
    var query: String? { request.query }
    var body: [UInt8] { request.body }

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? { request.headers[name] }

    /// A decoded query parameter.
    func queryParameter(_ name: String) -> String? { request.queryParameter(name) }

    /// The body as JSON, nil when it is empty or not JSON.
    var json: JSONValue? { try? JSONDocument(bytes: request.body).root }

    /// Every header, in order.
    var headers: [(name: String, value: String)] { Array(request.headers) }
}
