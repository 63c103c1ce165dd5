// Settings+Platforms: credentials, webhook secrets and API locations for each git platform and the default model.

extension Settings {
    /// GitHub and GitHub Enterprise.
    public struct GitHub: Equatable, Sendable {
        /// `GITHUB_API_TOKEN`.
        public var apiToken: String?
        /// `GITHUB_WEBHOOK_SECRET`; nil makes `/webhooks/github` answer 500 `not_configured`.
        public var webhookSecret: String?
        /// `GITHUB_API_URL`, without a trailing slash.
        public var apiURL = "https://api.github.com"

        public init() {}
    }

    /// GitLab.com and self-managed GitLab.
    public struct GitLab: Equatable, Sendable {
        /// `GITLAB_API_TOKEN`.
        public var apiToken: String?
        /// `GITLAB_WEBHOOK_SECRET`, compared with `X-Gitlab-Token`.
        public var webhookSecret: String?
        /// `GITLAB_BASE_URL`, without a trailing slash.
        public var baseURL = "https://gitlab.com/api/v4"

        public init() {}
    }

    /// Bitbucket Cloud.
    public struct Bitbucket: Equatable, Sendable {
        /// `BITBUCKET_USERNAME`, for app-password authentication.
        public var username: String?
        /// `BITBUCKET_APP_PASSWORD`.
        public var appPassword: String?
        /// `BITBUCKET_API_TOKEN`, the alternative to username and app password.
        public var apiToken: String?
        /// `BITBUCKET_WEBHOOK_SECRET`; when set, `X-Hub-Signature` is required.
        public var webhookSecret: String?
        /// `BITBUCKET_WEBHOOK_UUIDS`: accepted `X-Hook-UUID` values when there is no secret.
        public var webhookUUIDs: [String] = []
        /// `BITBUCKET_API_URL`, without a trailing slash.
        public var apiURL = "https://api.bitbucket.org/2.0"

        public init() {}
    }

    /// Gitea and Forgejo.
    public struct Gitea: Equatable, Sendable {
        /// `GITEA_API_TOKEN`.
        public var apiToken: String?
        /// `GITEA_WEBHOOK_SECRET`.
        public var webhookSecret: String?
        /// `GITEA_BASE_URL` such as `https://git.example.com/api/v1`, without a trailing slash;
        /// there is no public default, so it is required once a token or secret is set.
        public var baseURL: String?

        public init() {}
    }

    /// Azure DevOps Services and Server.
    public struct AzureDevOps: Equatable, Sendable {
        /// `AZURE_DEVOPS_PAT`.
        public var pat: String?
        /// `AZURE_DEVOPS_WEBHOOK_SECRET`, the Basic-auth password of service hooks.
        public var webhookSecret: String?
        /// `AZURE_DEVOPS_ORGANIZATION`.
        public var organization: String?
        /// `AZURE_DEVOPS_BASE_URL`, without a trailing slash.
        public var baseURL = "https://dev.azure.com"

        public init() {}
    }

    /// The model used when a repository has no `.loom/config.yaml`.
    public struct DefaultModel: Equatable, Sendable {
        /// `LOOM_DEFAULT_MODEL_BASE_URL`, without a trailing slash.
        public var baseURL: String?
        /// `LOOM_DEFAULT_MODEL`.
        public var model: String?
        /// `LOOM_DEFAULT_MODEL_API_KEY_ENV`: the name (not the value) of the variable with the key.
        public var apiKeyEnv: String?

        public init() {}

        /// Whether a default model is configured at all.
        public var isConfigured: Bool { baseURL != nil && model != nil }
    }
}
