// APITransport: one platform's authenticated requests — auth headers, status mapping, GET retries.

internal import LoomCore
internal import LoomCrypto
internal import LoomHTTPClient

/// What every adapter shares: builds URLs from the configured base URL, adds the platform's
/// credentials (only for URLs under that base), maps failures to `PlatformAPIError`, and retries
/// GETs. Writes are sent exactly once: a POST that timed out may have been applied, and posting
/// it again would duplicate a comment.
struct APITransport: Sendable {
    let platform: Platform
    let configuration: PlatformAPIConfiguration
    let http: any HTTPClient
    let clock: any LoomCore.Clock

    init(platform: Platform, configuration: PlatformAPIConfiguration, http: any HTTPClient, clock: any LoomCore.Clock = SystemClock()) {
        self.platform = platform
        self.configuration = configuration
        self.http = http
        self.clock = clock
    }

    /// `baseURL + path + ?query`; `path` must already be encoded (see `APIURL`).
    func url(_ path: String, _ query: [(String, String)] = []) -> String {
        configuration.baseURL + path + APIURL.query(query)
    }

    // MARK: Requests

    /// A request to `url` with the platform's default headers, and its credentials when `url` is
    /// under the configured base URL.
    func request(_ method: String, _ url: String, accept: String? = nil, json: [UInt8]? = nil) -> HTTPClientRequest {
        var headers: [(name: String, value: String)] = [("User-Agent", configuration.userAgent)]
        if platform == .github {
            headers.append(("Accept", accept ?? "application/vnd.github+json"))
            headers.append(("X-GitHub-Api-Version", "2022-11-28"))
        } else {
            headers.append(("Accept", accept ?? "application/json"))
        }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        if APIURL.isUnder(url, base: configuration.baseURL), let auth = authorization() { headers.append(auth) }
        return HTTPClientRequest(method: method, url: url, headers: headers, body: json,
                                 timeout: configuration.timeout, followRedirects: false)
    }

    /// The credential header this platform expects.
    func authorization() -> (name: String, value: String)? {
        switch (platform, configuration.credentials) {
        case (_, .none):
            return nil
        case (_, .usernamePassword(let username, let password)):
            return ("Authorization", "Basic " + Base64.encode(Array("\(username):\(password)".utf8)))
        case (.github, .token(let token)), (.bitbucket, .token(let token)):
            return ("Authorization", "Bearer " + token)
        case (.gitlab, .token(let token)):
            return ("PRIVATE-TOKEN", token)
        case (.gitea, .token(let token)):
            return ("Authorization", "token " + token)
        case (.azureDevOps, .token(let pat)):
            // A PAT is the password of a Basic pair with an empty user name.
            return ("Authorization", "Basic " + Base64.encode(Array(":\(pat)".utf8)))
        }
    }

    /// Sends once. Any HTTP status is returned; only "no response" throws.
    func exchange(_ request: HTTPClientRequest) async throws(PlatformAPIError) -> HTTPClientResponse {
        do {
            return try await http.send(request)
        } catch {
            throw failure(error, method: request.method, url: request.url)
        }
    }

    /// The error for a request that got no response. A bad URL will stay bad; anything else
    /// (timeouts, refused connections, TLS hiccups) may pass.
    func failure(_ error: HTTPClientError, method: String, url: String) -> PlatformAPIError {
        let transient = switch error {
        case .invalidURL, .tooManyRedirects: false
        default: true
        }
        return PlatformAPIError(platform: platform, status: nil, message: "\(method) \(redact(url)): \(error)", isTransient: transient)
    }

    /// GET with retries (`HTTPRetry` under `configuration.retry`), following redirects
    /// (Bitbucket's diff answers 302). Returns the 2xx response, or nil for a 404 when
    /// `notFoundIsNil`; other statuses throw. A redirect off the base URL is followed without
    /// credentials, because `request` adds them only under the base URL.
    func get(_ url: String, accept: String? = nil, notFoundIsNil: Bool = false) async throws -> HTTPClientResponse? {
        var url = url
        for _ in 0...Self.maxRedirects {
            let answer: HTTPClientResponse
            do {
                answer = try await HTTPRetry.send(request("GET", url, accept: accept), using: http, policy: configuration.retry, clock: clock)
            } catch {
                throw failure(error, method: "GET", url: url)
            }
            if (200..<300).contains(answer.status) { return answer }
            if [301, 302, 303, 307, 308].contains(answer.status), let location = answer.header("Location"),
               let target = APIURL.resolve(location, against: url) {
                url = target
                continue
            }
            if answer.status == 404 && notFoundIsNil { return nil }
            throw error(for: answer, method: "GET", url: url)
        }
        throw PlatformAPIError(platform: platform, status: nil, message: "GET \(redact(url)): too many redirects", isTransient: false)
    }

    /// Redirect hops followed per GET.
    static let maxRedirects = 5

    /// GET of a JSON document (`nil` for 404 when `notFoundIsNil`).
    func getJSON(_ url: String, notFoundIsNil: Bool = false) async throws -> (json: JSONValue, response: HTTPClientResponse)? {
        guard let response = try await get(url, notFoundIsNil: notFoundIsNil) else { return nil }
        return (try parse(response, url: url), response)
    }

    /// GET of a JSON document that must exist.
    func getJSONValue(_ url: String) async throws -> JSONValue {
        guard let result = try await getJSON(url) else {
            throw PlatformAPIError(platform: platform, status: 404, message: "GET \(redact(url)) not found", isTransient: false)
        }
        return result.json
    }

    /// Sends a write (`POST`, `PUT`, `PATCH`) once and returns the JSON it answered (null for an
    /// empty body). A non-2xx status throws.
    func write(_ method: String, _ url: String, json: [UInt8]) async throws -> JSONValue {
        let response = try await exchange(request(method, url, json: json))
        guard (200..<300).contains(response.status) else { throw error(for: response, method: method, url: url) }
        guard !response.body.isEmpty else { return try JSONDocument("null").root }
        return try parse(response, url: url)
    }

    /// The response body as JSON, or an error naming the endpoint.
    func parse(_ response: HTTPClientResponse, url: String) throws(PlatformAPIError) -> JSONValue {
        do {
            return try JSONDocument(bytes: response.body).root
        } catch {
            throw PlatformAPIError(platform: platform, status: response.status,
                                   message: "\(redact(url)) answered with invalid JSON: \(error)", isTransient: false)
        }
    }

    // MARK: Failures

    /// The error for a non-2xx answer, transient when a later attempt may succeed.
    func error(for response: HTTPClientResponse, method: String, url: String) -> PlatformAPIError {
        let status = response.status
        // The same judgement HTTPRetry makes: 408, 429, 5xx (not 501/505), rate-limit 403s.
        let transient = HTTPRetryPolicy.isRetryable(response)
        var message = "\(method) \(redact(url)): HTTP \(status)"
        if status == 203 && platform == .azureDevOps {
            // Azure answers a bad or expired PAT with 203 and an HTML sign-in page.
            message += " (a sign-in page: the personal access token was not accepted)"
        } else if let detail = APIErrorMessage.extract(from: response.body), !detail.isEmpty {
            message += ": " + detail
        }
        return PlatformAPIError(platform: platform, status: status, message: message, isTransient: transient)
    }

    /// `url` without its query, for messages (queries may carry paths people consider private,
    /// never credentials — those travel in headers — but they make messages long).
    func redact(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}
