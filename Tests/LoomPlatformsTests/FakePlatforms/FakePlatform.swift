// FakePlatform: what every fake platform offers tests — lifecycle, base URL, request log, comments, setup.

import LoomCore
import LoomHTTPClient
import LoomPlatforms

/// A local HTTP server speaking one platform's real REST shapes, for adapter and end-to-end tests.
///
/// ```swift
/// let github = FakeGitHub()
/// try await github.start()
/// github.addPullRequest(FakePullRequest(number: 7, diff: text))
/// let client = github.client(http: http)
/// let info = try await client.pullRequest(github.ref(7))
/// #expect(github.requests.last?.header("Authorization") == "Bearer \(github.token)")
/// await github.stop()
/// ```
protocol FakePlatform: AnyObject, Sendable {
    var platform: Platform { get }
    var server: FakeServer { get }
    var store: FakeStore { get }
    /// A client configuration with this fake's base URL and valid credentials.
    var configuration: PlatformAPIConfiguration { get }
    /// A reference to PR `number` carrying the attributes the webhook decoder would record.
    func ref(_ number: Int) -> PullRequestRef
}

extension FakePlatform {
    func start() async throws { try await server.start() }

    func stop() async { await server.stop() }

    /// The API base URL (`http://127.0.0.1:<port>` plus the platform's API prefix).
    var baseURL: String { server.baseURL }

    /// Every request received, in order.
    var requests: [RecordedRequest] { server.requests }

    /// Requests with `method` whose raw path contains `fragment`.
    func requests(_ method: String, _ fragment: String) -> [RecordedRequest] {
        requests.filter { $0.method == method && $0.path.contains(fragment) }
    }

    /// Every stored comment.
    var comments: [FakeComment] { store.comments }

    func addPullRequest(_ pull: FakePullRequest) { store.add(pull) }

    /// Lowers the page size of every listing (to exercise pagination).
    func setPageSize(_ size: Int) { store.options.pageSize = size }

    /// Makes the first page of listings point their next page at `url` (another host).
    func setForeignNextURL(_ url: String?) { store.options.foreignNextURL = url }

    /// The adapter under test, configured for this fake.
    func client(http: any HTTPClient) -> any PlatformClient {
        PlatformClients.make(platform: platform, configuration: configuration, http: http)
    }
}
