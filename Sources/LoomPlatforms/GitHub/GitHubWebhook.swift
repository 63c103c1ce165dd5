// GitHubWebhook: GitHub's `X-Hub-Signature-256` check; decoding lives in GitHubWebhook+Decode.

internal import LoomCore

/// GitHub (and GitHub Enterprise) webhooks.
enum GitHubWebhook {
    static let signatureHeader = "X-Hub-Signature-256"

    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. Form-encoded bodies are
    /// signed as sent, so the same check covers them.
    static func verify(secret: [UInt8]?, headers: some HeaderLookup, body: [UInt8]) -> WebhookVerification {
        guard let secret else { return .notConfigured(reason: "GITHUB_WEBHOOK_SECRET is not set") }
        return SignatureCheck.hmacSHA256(header: signatureHeader, value: headers.headerValue(signatureHeader),
                                         prefix: "sha256=", secret: secret, body: body)
    }
}
