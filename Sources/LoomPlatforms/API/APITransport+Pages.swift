// APITransport+Pages: paginated GETs, following only "next" links that stay under the base URL.

internal import LoomCore
internal import LoomHTTPClient

extension APITransport {
    /// The most pages read for one listing; a PR with more than ~10,000 comments is not normal
    /// and a server that keeps answering "next" must not keep a worker busy forever.
    static let maxPages = 100

    /// Reads a paginated JSON listing starting at `firstURL`. `next` names the following page
    /// from a response (a `Link` header, `X-Next-Page`, a `next` field); it is followed only when
    /// it is under the configured base URL, so credentials never travel to a host a response
    /// names. Each page's items come from `items`.
    func pages(_ firstURL: String, items: (JSONValue) -> [JSONValue],
               next: (HTTPClientResponse, JSONValue) -> String?) async throws -> [JSONValue] {
        var result: [JSONValue] = []
        var url: String? = firstURL
        var seen: Set<String> = []
        while let current = url, seen.count < Self.maxPages, seen.insert(current).inserted {
            guard let page = try await getJSON(current) else { break }
            result.append(contentsOf: items(page.json))
            url = next(page.response, page.json).flatMap { candidate in
                APIURL.isUnder(candidate, base: configuration.baseURL) ? candidate : nil
            }
        }
        return result
    }

    /// The `rel="next"` target of an RFC 8288 `Link` header (GitHub, Gitea).
    static func nextLink(_ response: HTTPClientResponse) -> String? {
        guard let header = response.header("Link") else { return nil }
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingASCIISpaces() }
            guard let target = fields.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = fields.dropFirst().contains { field in
                let lowered = field.lowercased().replacingSpaces()
                return lowered == "rel=\"next\"" || lowered == "rel=next"
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }

    /// The elements of a top-level array.
    static func arrayItems(_ json: JSONValue) -> [JSONValue] { json.elements }

    /// The elements of `json[key]` (Bitbucket and Azure wrap lists in `values` / `value`).
    static func wrappedItems(_ key: String) -> (JSONValue) -> [JSONValue] {
        { json in json[key]?.elements ?? [] }
    }
}

extension String {
    /// Without spaces, for comparing header parameters written as `rel = "next"`.
    fileprivate func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
