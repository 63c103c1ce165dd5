// WebhookProcessor: the one entry point the server calls to verify and decode a webhook delivery.

public import LoomCore

/// Verifies and decodes webhook deliveries for every platform.
///
/// The server calls `verify` on the raw body first and `decode` only when it returns
/// `.verified`. Both are pure and synchronous (no I/O), cheap enough for the request thread:
/// one HMAC over the body, one JSON parse.
public struct WebhookProcessor: Sendable {
    private let github: [UInt8]?
    private let gitlab: [UInt8]?
    private let bitbucket: [UInt8]?
    private let bitbucketHookUUIDs: [[UInt8]]
    private let gitea: [UInt8]?
    private let azureDevOps: [UInt8]?

    /// A processor checking deliveries against `secrets`.
    public init(secrets: WebhookSecrets) {
        // Secrets are turned into bytes once here, not on every request. An empty secret is
        // treated as unset: an HMAC under an empty key, or an empty token, would prove nothing.
        func bytes(_ secret: String?) -> [UInt8]? {
            guard let secret, !secret.isEmpty else { return nil }
            return Array(secret.utf8)
        }
        github = bytes(secrets.github)
        gitlab = bytes(secrets.gitlab)
        bitbucket = bytes(secrets.bitbucket)
        bitbucketHookUUIDs = secrets.bitbucketHookUUIDs
            .map(BitbucketWebhook.normalizedUUID)
            .filter { !$0.isEmpty }
        gitea = bytes(secrets.gitea)
        azureDevOps = bytes(secrets.azureDevOps)
    }

    /// Whether `platform` has what it needs to authenticate deliveries.
    public func isConfigured(_ platform: Platform) -> Bool {
        switch platform {
        case .github: github != nil
        case .gitlab: gitlab != nil
        case .bitbucket: bitbucket != nil || !bitbucketHookUUIDs.isEmpty
        case .gitea: gitea != nil
        case .azureDevOps: azureDevOps != nil
        }
    }

    /// Checks the delivery's signature, token or credentials against the raw `body` bytes.
    public func verify(platform: Platform, headers: some HeaderLookup, body: [UInt8]) -> WebhookVerification {
        switch platform {
        case .github: GitHubWebhook.verify(secret: github, headers: headers, body: body)
        case .gitlab: GitLabWebhook.verify(secret: gitlab, headers: headers, body: body)
        case .bitbucket: BitbucketWebhook.verify(secret: bitbucket, hookUUIDs: bitbucketHookUUIDs, headers: headers, body: body)
        case .gitea: GiteaWebhook.verify(secret: gitea, headers: headers, body: body)
        case .azureDevOps: AzureDevOpsWebhook.verify(secret: azureDevOps, headers: headers, body: body)
        }
    }

    /// Decodes a verified delivery. Throws when the body is not JSON or a pull-request event
    /// lacks the repository, PR number or (for a review) head SHA.
    public func decode(platform: Platform, headers: some HeaderLookup, body: [UInt8])
        throws(WebhookPayloadError) -> DecodedWebhook {
        switch platform {
        case .github: try GitHubWebhook.decode(headers: headers, body: body)
        case .gitlab: try GitLabWebhook.decode(headers: headers, body: body)
        case .bitbucket: try BitbucketWebhook.decode(headers: headers, body: body)
        case .gitea: try GiteaWebhook.decode(headers: headers, body: body)
        case .azureDevOps: try AzureDevOpsWebhook.decode(headers: headers, body: body)
        }
    }
}
