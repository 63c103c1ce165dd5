// GitLabWebhook: GitLab's `X-Gitlab-Token` check; decoding lives in GitLabWebhook+Decode.

internal import LoomCore

/// GitLab.com and self-managed GitLab webhooks.
enum GitLabWebhook {
    static let tokenHeader = "X-Gitlab-Token"

    /// GitLab signs nothing by default: the hook sends the configured secret itself in
    /// `X-Gitlab-Token`, compared here in constant time.
    static func verify(secret: [UInt8]?, headers: some HeaderLookup, body: [UInt8]) -> WebhookVerification {
        guard let secret else { return .notConfigured(reason: "GITLAB_WEBHOOK_SECRET is not set") }
        return SignatureCheck.token(header: tokenHeader, value: headers.headerValue(tokenHeader), secret: secret)
    }
}
