// Settings: every environment variable of SPEC §2, typed and validated, plus Loom's server tuning knobs.

#if canImport(Glibc)
import Glibc
#endif
public import LoomCore

/// The server's configuration, read once at start-up by `Settings.load(...)`.
///
/// `init()` gives the documented defaults, so tests can build settings directly and change the
/// fields they care about. Optional fields are `nil` when the variable is unset or empty.
public struct Settings: Equatable, Sendable {
    // MARK: Listener and storage

    /// `HOST`: the address to listen on.
    public var host = "0.0.0.0"
    /// `PORT`: the TCP port; 0 asks the kernel for an ephemeral port (tests).
    public var port = 8000
    /// `LOOM_DATA_DIR`: local state for embedded mode, made absolute against the working directory.
    public var dataDirectory = "./.loom-data"
    /// `DATABASE_URL`: `postgresql://`, `postgres://` or `sqlite://`; nil means SQLite in `dataDirectory`.
    public var databaseURL: String?
    /// `DATABASE_URL` when it names PostgreSQL; nil means the embedded SQLite store.
    public var postgreSQLURL: String? {
        guard let databaseURL, !databaseURL.hasPrefix("sqlite://") else { return nil }
        return databaseURL
    }
    /// `DATABASE_POOL_SIZE`: PostgreSQL connections per process (half of them carry webhook
    /// ingestion batches, the rest the queue and API reads).
    public var databasePoolSize = 10
    /// `REDIS_URL`: `redis://`; nil means the in-process queue.
    public var redisURL: String?
    /// `WORKERS`: concurrent review jobs per process, 1–256.
    public var workers = 3

    // MARK: Logging and API

    /// `LOG_LEVEL`.
    public var logLevel = LogLevel.info
    /// `LOG_FORMAT`.
    public var logFormat = LogFormat.json
    /// `LOOM_ADMIN_TOKEN`: bearer token for `/api/*`; nil disables the API.
    public var adminToken: String?
    /// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For`/`-Proto` are believed.
    public var trustedProxies: [CIDRBlock] = [CIDRBlock("127.0.0.1/8")!, CIDRBlock("::1")!]

    // MARK: Webhook intake

    /// `RATE_LIMIT_ENABLED`.
    public var rateLimitEnabled = true
    /// `RATE_LIMIT_PER_HOUR`: webhooks per repository per rolling hour.
    public var rateLimitPerHour = 100
    /// `RATE_LIMIT_GLOBAL`: webhooks in total per rolling hour.
    public var rateLimitGlobal = 1000
    /// `LOOM_MAX_BODY_BYTES`: larger request bodies get 413.
    public var maxBodyBytes = 26_214_400
    /// `LOOM_REVIEW_DRAFTS`: review draft pull requests too.
    public var reviewDrafts = false
    /// `LOOM_REPO_ALLOWLIST`: repository globs such as `acme/*`; nil accepts any signed repository.
    public var repoAllowlist: [String]?

    // MARK: Platforms

    /// `GITHUB_*`.
    public var github = GitHub()
    /// `GITLAB_*`.
    public var gitlab = GitLab()
    /// `BITBUCKET_*`.
    public var bitbucket = Bitbucket()
    /// `GITEA_*` (also Forgejo).
    public var gitea = Gitea()
    /// `AZURE_DEVOPS_*`.
    public var azureDevOps = AzureDevOps()

    // MARK: Models

    /// `LOOM_DEFAULT_MODEL_*`: the model for repositories without `.loom/config.yaml`.
    public var defaultModel = DefaultModel()
    /// `LOOM_LLM_ALLOWED_BASE_URLS`: URL prefixes a repository config may send keys to; nil allows any.
    public var llmAllowedBaseURLs: [String]?

    // MARK: Server tuning

    /// `LOOM_EVENT_LOOPS`: reactor threads, 1–256; defaults to the number of online CPUs.
    public var eventLoops = Settings.onlineProcessorCount()
    /// `LOOM_HEADER_TIMEOUT_SECONDS`: time allowed to receive a request's complete header.
    public var headerTimeoutSeconds = 10
    /// `LOOM_BODY_TIMEOUT_SECONDS`: longest stall allowed between body bytes.
    public var bodyTimeoutSeconds = 30
    /// `LOOM_IDLE_TIMEOUT_SECONDS`: how long an idle keep-alive connection stays open.
    public var idleTimeoutSeconds = 75
    /// `LOOM_SHUTDOWN_GRACE_SECONDS`: time in-flight work gets after SIGTERM; 0 stops at once.
    public var shutdownGraceSeconds = 25
    /// `LOOM_JOB_LEASE_SECONDS`: how long a running job is held before another worker may take it.
    public var jobLeaseSeconds = 30

    // MARK: Raw lookup

    /// Every variable from the process environment and `.env` (process wins), with each secret
    /// given as `X_FILE` already read into `X`, and `X_FILE` entries removed. LLM keys are looked
    /// up here by the name a repository config gives (`api_key_env`).
    public var environment: [String: String] = [:]

    /// Settings with every default.
    public init() {}

    /// A variable's value from `environment`, nil when unset or empty.
    public func environmentValue(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// `sysconf(_SC_NPROCESSORS_ONLN)` clamped to 1…256.
    public static func onlineProcessorCount() -> Int {
        let count = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return min(max(count, 1), 256)
    }
}

extension Settings {
    /// `LOOM_HEADER_TIMEOUT_SECONDS` as a duration.
    public var headerTimeout: Duration { .seconds(headerTimeoutSeconds) }
    /// `LOOM_BODY_TIMEOUT_SECONDS` as a duration.
    public var bodyTimeout: Duration { .seconds(bodyTimeoutSeconds) }
    /// `LOOM_IDLE_TIMEOUT_SECONDS` as a duration.
    public var idleTimeout: Duration { .seconds(idleTimeoutSeconds) }
    /// `LOOM_SHUTDOWN_GRACE_SECONDS` as a duration.
    public var shutdownGrace: Duration { .seconds(shutdownGraceSeconds) }
    /// `LOOM_JOB_LEASE_SECONDS` as a duration.
    public var jobLease: Duration { .seconds(jobLeaseSeconds) }
}
