// RedirectPolicy: the next request after a 3xx: method rewriting, and no credentials to another origin.

/// Decides each redirect hop. Pure, so the security rules are tested without a server.
///
/// curl's built-in following drops only `Authorization` and `Cookie` when the host changes, and
/// would carry `PRIVATE-TOKEN` (GitLab) or `x-api-key` (Anthropic) along; credentials here travel
/// in many header names, so across origins only headers known to be harmless are kept.
enum RedirectPolicy {
    /// Statuses that redirect when they carry a `Location`.
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Header fields (lower-cased) kept when a redirect leaves the original scheme, host and port.
    static let crossOriginHeaders: Set<String> = ["accept", "accept-language", "content-language", "content-type", "user-agent"]

    /// The request to send to `location` (absolute) after `request` was answered with `status`.
    static func nextRequest(after request: HTTPClientRequest, status: Int, location: String) throws(HTTPClientError) -> HTTPClientRequest {
        guard let from = CurlURL.origin(of: request.url), let to = CurlURL.origin(of: location),
              to.scheme == "http" || to.scheme == "https" else {
            throw HTTPClientError.invalidURL(location)
        }
        if from.scheme == "https" && to.scheme == "http" {
            throw HTTPClientError.other("refused redirect from \(request.url) to unencrypted \(location)")
        }
        var next = request
        next.url = location
        let method = request.method.uppercased()
        // 303 always turns into GET; 301 and 302 do so for POST, as browsers and curl do. 307 and
        // 308 promise the same method and body.
        if (status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST") {
            next.method = "GET"
            next.body = nil
            let bodyFields: Set<String> = ["content-type", "content-length", "content-encoding"]
            next.headers.removeAll { bodyFields.contains($0.name.lowercased()) }
        }
        if from != to {
            next.headers.removeAll { !crossOriginHeaders.contains($0.name.lowercased()) }
        }
        return next
    }
}
