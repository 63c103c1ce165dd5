// Settings+Summary: the effective settings as name/value pairs for the start-up log line, secrets masked.

extension Settings: CustomStringConvertible, CustomDebugStringConvertible {
    /// The redacted summary as `NAME=value` pairs, so interpolating settings into a log line or a
    /// test failure never prints a secret.
    public var description: String {
        redactedSummary().map { "\($0)=\($1)" }.joined(separator: " ")
    }

    public var debugDescription: String { "Settings(\(description))" }

    /// Every setting as `(VARIABLE, value)` in SPEC order, for one start-up log line; secrets
    /// show only `set` or `unset`.
    public func redactedSummary() -> [(String, String)] {
        func secret(_ value: String?) -> String { value == nil ? "unset" : "set" }
        func optional(_ value: String?) -> String { value ?? "unset" }
        func list(_ values: [String]?) -> String { values.map { $0.joined(separator: ",") } ?? "unset" }
        return [
            ("HOST", host),
            ("PORT", String(port)),
            ("LOOM_DATA_DIR", dataDirectory),
            ("DATABASE_URL", secret(databaseURL)),
            ("DATABASE_POOL_SIZE", String(databasePoolSize)),
            ("REDIS_URL", secret(redisURL)),
            ("WORKERS", String(workers)),
            ("LOG_LEVEL", logLevel.rawValue),
            ("LOG_FORMAT", logFormat.rawValue),
            ("LOOM_ADMIN_TOKEN", secret(adminToken)),
            ("TRUSTED_PROXIES", trustedProxies.map(\.description).joined(separator: ",")),
            ("RATE_LIMIT_ENABLED", String(rateLimitEnabled)),
            ("RATE_LIMIT_PER_HOUR", String(rateLimitPerHour)),
            ("RATE_LIMIT_GLOBAL", String(rateLimitGlobal)),
            ("LOOM_MAX_BODY_BYTES", String(maxBodyBytes)),
            ("LOOM_REVIEW_DRAFTS", String(reviewDrafts)),
            ("LOOM_REPO_ALLOWLIST", list(repoAllowlist)),
            ("GITHUB_API_TOKEN", secret(github.apiToken)),
            ("GITHUB_WEBHOOK_SECRET", secret(github.webhookSecret)),
            ("GITHUB_API_URL", github.apiURL),
            ("GITLAB_API_TOKEN", secret(gitlab.apiToken)),
            ("GITLAB_WEBHOOK_SECRET", secret(gitlab.webhookSecret)),
            ("GITLAB_BASE_URL", gitlab.baseURL),
            ("BITBUCKET_USERNAME", optional(bitbucket.username)),
            ("BITBUCKET_APP_PASSWORD", secret(bitbucket.appPassword)),
            ("BITBUCKET_API_TOKEN", secret(bitbucket.apiToken)),
            ("BITBUCKET_WEBHOOK_SECRET", secret(bitbucket.webhookSecret)),
            ("BITBUCKET_WEBHOOK_UUIDS", bitbucket.webhookUUIDs.isEmpty ? "unset" : String(bitbucket.webhookUUIDs.count) + " configured"),
            ("BITBUCKET_API_URL", bitbucket.apiURL),
            ("GITEA_API_TOKEN", secret(gitea.apiToken)),
            ("GITEA_WEBHOOK_SECRET", secret(gitea.webhookSecret)),
            ("GITEA_BASE_URL", optional(gitea.baseURL)),
            ("AZURE_DEVOPS_PAT", secret(azureDevOps.pat)),
            ("AZURE_DEVOPS_WEBHOOK_SECRET", secret(azureDevOps.webhookSecret)),
            ("AZURE_DEVOPS_ORGANIZATION", optional(azureDevOps.organization)),
            ("AZURE_DEVOPS_BASE_URL", azureDevOps.baseURL),
            ("LOOM_DEFAULT_MODEL_BASE_URL", optional(defaultModel.baseURL)),
            ("LOOM_DEFAULT_MODEL", optional(defaultModel.model)),
            ("LOOM_DEFAULT_MODEL_API_KEY_ENV", optional(defaultModel.apiKeyEnv)),
            ("LOOM_LLM_ALLOWED_BASE_URLS", list(llmAllowedBaseURLs)),
            ("LOOM_EVENT_LOOPS", String(eventLoops)),
            ("LOOM_HEADER_TIMEOUT_SECONDS", String(headerTimeoutSeconds)),
            ("LOOM_BODY_TIMEOUT_SECONDS", String(bodyTimeoutSeconds)),
            ("LOOM_IDLE_TIMEOUT_SECONDS", String(idleTimeoutSeconds)),
            ("LOOM_SHUTDOWN_GRACE_SECONDS", String(shutdownGraceSeconds)),
            ("LOOM_JOB_LEASE_SECONDS", String(jobLeaseSeconds)),
        ]
    }
}
