// PlatformAPIConfiguration: where one platform's REST API lives and how Loom authenticates to it.

public import LoomCore
public import LoomHTTPClient

/// A platform API's base URL and credentials (SPEC §2). Credentials are sent only to URLs under
/// `baseURL`; adapters build every URL from it and never follow payload URLs to other hosts.
public struct PlatformAPIConfiguration: Sendable {
    /// The API root without a trailing slash: `https://api.github.com`, `https://gitlab.com/api/v4`,
    /// `https://api.bitbucket.org/2.0`, `https://gitea.example/api/v1`, `https://dev.azure.com`.
    public var baseURL: String
    /// The secret, sent in the platform's header (see `PlatformCredentials`).
    public var credentials: PlatformCredentials
    /// Azure DevOps: the organization (`AZURE_DEVOPS_ORGANIZATION`); the first path segment after
    /// the base URL. When nil the organization recorded from the webhook is used.
    public var organization: String?
    /// Sent on every request (GitHub refuses requests without one).
    public var userAgent: String
    /// Whole-request timeout per call.
    public var timeout: Duration
    /// Retries for idempotent GETs (through `HTTPRetry`: 408, 429, 5xx, rate-limit 403s, timeouts
    /// and refused connections, honouring `Retry-After` and rate-limit resets). Writes are never
    /// retried: a POST that timed out may have been applied, and a repeat would duplicate a comment.
    public var retry: HTTPRetryPolicy

    /// A configuration; trailing slashes of `baseURL` are dropped.
    public init(baseURL: String, credentials: PlatformCredentials, organization: String? = nil,
                userAgent: String = "loom/\(LoomVersion.current)", timeout: Duration = .seconds(30),
                retry: HTTPRetryPolicy = HTTPRetryPolicy()) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.credentials = credentials
        self.organization = organization
        self.userAgent = userAgent
        self.timeout = timeout
        self.retry = retry
    }

    /// The public cloud API root of `platform`; nil for Gitea, which has no public default.
    public static func defaultBaseURL(for platform: Platform) -> String? {
        switch platform {
        case .github: "https://api.github.com"
        case .gitlab: "https://gitlab.com/api/v4"
        case .bitbucket: "https://api.bitbucket.org/2.0"
        case .gitea: nil
        case .azureDevOps: "https://dev.azure.com"
        }
    }

    /// GitHub or GitHub Enterprise (`GITHUB_API_TOKEN`, `GITHUB_API_URL`): `Authorization: Bearer`.
    public static func github(token: String, baseURL: String = "https://api.github.com") -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .token(token))
    }

    /// GitLab (`GITLAB_API_TOKEN`, `GITLAB_BASE_URL`): `PRIVATE-TOKEN`.
    public static func gitlab(token: String, baseURL: String = "https://gitlab.com/api/v4") -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .token(token))
    }

    /// Gitea or Forgejo (`GITEA_API_TOKEN`, `GITEA_BASE_URL` such as `https://host/api/v1`):
    /// `Authorization: token …`.
    public static func gitea(token: String, baseURL: String) -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .token(token))
    }

    /// Bitbucket Cloud with `BITBUCKET_USERNAME` and an app password or API token: HTTP Basic.
    public static func bitbucket(username: String, password: String,
                                 baseURL: String = "https://api.bitbucket.org/2.0") -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .usernamePassword(username: username, password: password))
    }

    /// Bitbucket Cloud with a workspace or repository access token (`BITBUCKET_API_TOKEN` alone):
    /// `Authorization: Bearer`.
    public static func bitbucket(accessToken: String, baseURL: String = "https://api.bitbucket.org/2.0") -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .token(accessToken))
    }

    /// Azure DevOps (`AZURE_DEVOPS_PAT`, `AZURE_DEVOPS_ORGANIZATION`, `AZURE_DEVOPS_BASE_URL`):
    /// the PAT as Basic `:<pat>`.
    public static func azureDevOps(pat: String, organization: String?,
                                   baseURL: String = "https://dev.azure.com") -> PlatformAPIConfiguration {
        PlatformAPIConfiguration(baseURL: baseURL, credentials: .token(pat), organization: organization)
    }
}
