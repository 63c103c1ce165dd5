// PlatformAPITransportTests: what every adapter shares — retries, error mapping, URL safety, the factory.

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Platform API transport")
struct PlatformAPITransportTests {
    static func github() -> FakeGitHub {
        let github = FakeGitHub()
        github.addPullRequest(SamplePullRequest.make(number: 7))
        return github
    }

    static func retrying(_ configuration: PlatformAPIConfiguration, retries: Int = 2) -> PlatformAPIConfiguration {
        var configuration = configuration
        configuration.retry = HTTPRetryPolicy(maxRetries: retries, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50))
        return configuration
    }

    @Test("a GET that meets 503 then 429 with Retry-After is retried and succeeds")
    func getRetries() async throws {
        try await withFake(Self.github()) { github, _, http in
            let client = PlatformClients.make(platform: .github, configuration: Self.retrying(github.configuration), http: http)
            github.server.failNext(status: 503)
            github.server.failNext(status: 429, headers: [("Retry-After", "0")])
            let info = try await client.pullRequest(github.ref(7))
            #expect(info.headSHA == SamplePullRequest.headSHA)
            #expect(github.requests("GET", "/pulls/7").count == 3)
        }
    }

    @Test("retries give up after the policy's attempts with a transient error")
    func retriesExhausted() async throws {
        try await withFake(Self.github()) { github, _, http in
            let client = PlatformClients.make(platform: .github, configuration: Self.retrying(github.configuration, retries: 1), http: http)
            github.server.failNext(3, status: 502)
            let error = await #expect(throws: PlatformAPIError.self) { try await client.pullRequest(github.ref(7)) }
            #expect(error?.status == 502 && error?.isTransient == true)
            #expect(github.requests.count == 2)
        }
    }

    @Test("a Retry-After beyond the policy's cap waits only the cap")
    func longRetryAfter() async throws {
        try await withFake(Self.github()) { github, _, http in
            let client = PlatformClients.make(platform: .github, configuration: Self.retrying(github.configuration), http: http)
            github.server.failNext(status: 429, headers: [("Retry-After", "3600")])
            let clock = SystemClock()
            let start = clock.now()
            _ = try await client.pullRequest(github.ref(7))
            #expect(clock.now() - start < .seconds(5))
            #expect(github.requests("GET", "/pulls/7").count == 2)
        }
    }

    @Test("a 404 is permanent and not retried; a 501 is not retried either")
    func permanentStatuses() async throws {
        try await withFake(Self.github()) { github, _, http in
            let client = PlatformClients.make(platform: .github, configuration: Self.retrying(github.configuration), http: http)
            let missing = await #expect(throws: PlatformAPIError.self) { try await client.pullRequest(github.ref(99)) }
            #expect(missing?.status == 404 && missing?.isTransient == false)
            github.server.failNext(status: 501)
            let unsupported = await #expect(throws: PlatformAPIError.self) { try await client.pullRequest(github.ref(7)) }
            #expect(unsupported?.status == 501 && unsupported?.isTransient == false)
            #expect(github.requests.count == 2)
        }
    }

    @Test("a POST is never retried: a 503 may have been applied, and a repeat would duplicate the comment")
    func postNotRetried() async throws {
        try await withFake(Self.github()) { github, _, http in
            let client = PlatformClients.make(platform: .github, configuration: Self.retrying(github.configuration), http: http)
            github.server.failNext(status: 503)
            let error = await #expect(throws: PlatformAPIError.self) {
                try await client.upsertSummary(github.ref(7), body: "s", existing: nil)
            }
            #expect(error?.status == 503 && error?.isTransient == true)
            #expect(github.requests("POST", "/issues/7/comments").count == 1)
        }
    }

    @Test("a 5xx while posting inline comments is thrown, not reported as a rejected comment")
    func outageDuringInlinePosting() async throws {
        try await withFake(Self.github()) { github, client, _ in
            let info = try await client.pullRequest(github.ref(7))
            let diff = try await client.diff(github.ref(7), info: info)
            github.server.failNext(status: 500)
            await #expect(throws: PlatformAPIError.self) {
                try await client.postInlineComments(github.ref(7), info: info, diff: diff, comments: [
                    InlineComment(path: "NOTES.md", line: 1, body: "x", fingerprint: "x"),
                ])
            }
        }
    }

    @Test("no server at the base URL is a transient error without a status")
    func connectionRefused() async throws {
        let http = try PlatformTestClient()
        var configuration = PlatformAPIConfiguration.gitlab(token: "t", baseURL: "http://127.0.0.1:1/api/v4")
        configuration.retry = HTTPRetryPolicy(maxRetries: 1, baseDelay: .milliseconds(10))
        let client = PlatformClients.make(platform: .gitlab, configuration: configuration, http: http)
        let error = await #expect(throws: PlatformAPIError.self) {
            try await client.pullRequest(PullRequestRef(platform: .gitlab, fullName: "a/b", number: 1))
        }
        #expect(error?.status == nil && error?.isTransient == true)
        await http.stop()
    }

    @Test("GitHub's 406 for a too-large diff falls back to /pulls/{n}/files, rebuilt into the same diff")
    func diffFallback() async throws {
        try await withFake(Self.github()) { github, client, _ in
            github.store.options.diffTooLarge = true
            github.setPageSize(2)
            let info = try await client.pullRequest(github.ref(7))
            let diff = try await client.diff(github.ref(7), info: info)
            #expect(diff == UnifiedDiffParser.parse(SamplePullRequest.diff).diff)
            #expect(github.requests("GET", "/pulls/7/files").count == 2)
        }
    }

    @Test("the factory builds each platform's adapter", arguments: Platform.allCases)
    func factory(platform: Platform) async throws {
        let http = try PlatformTestClient()
        let client = PlatformClients.make(platform: platform, configuration: PlatformAPIConfiguration(
            baseURL: "https://example.invalid/api/", credentials: .token("t")), http: http)
        #expect(client.platform == platform)
        await http.stop()
    }

    @Test("configuration defaults follow SPEC §2 and trailing slashes are dropped")
    func configurationDefaults() {
        #expect(PlatformAPIConfiguration.defaultBaseURL(for: .github) == "https://api.github.com")
        #expect(PlatformAPIConfiguration.defaultBaseURL(for: .gitlab) == "https://gitlab.com/api/v4")
        #expect(PlatformAPIConfiguration.defaultBaseURL(for: .bitbucket) == "https://api.bitbucket.org/2.0")
        #expect(PlatformAPIConfiguration.defaultBaseURL(for: .azureDevOps) == "https://dev.azure.com")
        #expect(PlatformAPIConfiguration.defaultBaseURL(for: .gitea) == nil)
        #expect(PlatformAPIConfiguration.gitea(token: "t", baseURL: "https://git.example/api/v1//").baseURL == "https://git.example/api/v1")
        let azure = PlatformAPIConfiguration.azureDevOps(pat: "p", organization: "fabrikam")
        #expect(azure.baseURL == "https://dev.azure.com" && azure.organization == "fabrikam" && azure.credentials == .token("p"))
        #expect(PlatformAPIConfiguration.bitbucket(username: "u", password: "p").credentials == .usernamePassword(username: "u", password: "p"))
    }

    @Test("identifiers cannot change the endpoint: slashes, dots and queries in names are encoded")
    func hostileIdentifiers() async throws {
        try await withFake(Self.github()) { github, client, http in
            let ref = PullRequestRef(platform: .github, fullName: "x/y", number: 7,
                                     attributes: [WebhookAttribute.owner: "../../evil?x=1#", WebhookAttribute.name: "a b"])
            _ = try? await client.pullRequest(ref)
            let dots = PullRequestRef(platform: .github, fullName: "x/y", number: 7,
                                      attributes: [WebhookAttribute.owner: "..", WebhookAttribute.name: ".."])
            _ = try? await client.pullRequest(dots)
            _ = try? await client.file(github.ref(7), path: "../../../etc/passwd", at: "main")
            let paths = github.requests.map(\.path)
            #expect(paths.first == "/repos/..%2F..%2Fevil%3Fx%3D1%23/a%20b/pulls/7")
            #expect(paths.dropFirst().first == "/repos/%2E%2E/%2E%2E/pulls/7")
            #expect(paths.last == "/repos/artsy/emission/contents/etc/passwd")
            #expect(http.sent.allSatisfy { $0.url.hasPrefix(github.baseURL + "/") })
        }
    }
}
