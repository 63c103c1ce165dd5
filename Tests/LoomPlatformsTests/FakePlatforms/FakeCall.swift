// FakeCall: what a fake platform's route handler gets — the request, path parameters, JSON helpers.

import LoomCore
import LoomHTTP

/// One routed request inside a fake platform.
struct FakeCall: Sendable {
    let request: HTTPRequest
    /// `{name}` segments, percent-decoded; `{*name}` holds the rest of the path.
    let parameters: [String: String]
    /// The fake's API root, e.g. `http://127.0.0.1:51234/api/v4`.
    let baseURL: String

    subscript(_ name: String) -> String { parameters[name] ?? "" }

    /// The integer value of path parameter `name`.
    func int(_ name: String) -> Int? { Int(parameters[name] ?? "") }

    func query(_ name: String) -> String? { request.queryParameter(name) }

    func header(_ name: String) -> String? { request.headers[name] }

    /// The request body as JSON (nil when absent or invalid).
    var json: JSONValue? { try? JSONDocument(bytes: request.body).root }

    /// Page `page` (1-based) of `items`, `size` per page, and the next page number if any.
    static func page<T>(_ items: [T], page: Int, size: Int) -> (items: [T], next: Int?) {
        let size = max(size, 1)
        let start = min(max(page - 1, 0) * size, items.count)
        let end = min(start + size, items.count)
        return (Array(items[start..<end]), end < items.count ? page + 1 : nil)
    }
}
