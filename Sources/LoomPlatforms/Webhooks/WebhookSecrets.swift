// WebhookSecrets: the per-platform shared secrets webhook deliveries are checked against.

/// What each platform's webhooks must prove, as configured in settings (SPEC §2).
///
/// A nil or empty secret leaves that platform unconfigured: its deliveries are answered with
/// `not_configured`, never accepted unauthenticated.
public struct WebhookSecrets: Sendable {
    /// `GITHUB_WEBHOOK_SECRET`: the HMAC key of `X-Hub-Signature-256`.
    public var github: String?
    /// `GITLAB_WEBHOOK_SECRET`: must equal `X-Gitlab-Token`.
    public var gitlab: String?
    /// `BITBUCKET_WEBHOOK_SECRET`: the HMAC key of `X-Hub-Signature` (sha256).
    public var bitbucket: String?
    /// `BITBUCKET_WEBHOOK_UUIDS`: accepted `X-Hook-UUID` values, used only when `bitbucket` is unset.
    public var bitbucketHookUUIDs: [String]
    /// `GITEA_WEBHOOK_SECRET`: the HMAC key of `X-Gitea-Signature` / `X-Forgejo-Signature`.
    public var gitea: String?
    /// `AZURE_DEVOPS_WEBHOOK_SECRET`: the Basic-auth password of the service hook.
    public var azureDevOps: String?

    /// Secrets for each platform; leave one nil to refuse that platform's webhooks.
    public init(github: String? = nil, gitlab: String? = nil, bitbucket: String? = nil,
                bitbucketHookUUIDs: [String] = [], gitea: String? = nil, azureDevOps: String? = nil) {
        self.github = github
        self.gitlab = gitlab
        self.bitbucket = bitbucket
        self.bitbucketHookUUIDs = bitbucketHookUUIDs
        self.gitea = gitea
        self.azureDevOps = azureDevOps
    }
}
