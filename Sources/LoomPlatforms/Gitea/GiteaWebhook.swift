// GiteaWebhook: Gitea's and Forgejo's bare-hex HMAC signature check; decoding lives in GiteaWebhook+Decode.

internal import LoomCore

/// Gitea and Forgejo webhooks (one body format; Forgejo adds `X-Forgejo-*` copies of the headers).
enum GiteaWebhook {
    static let forgejoSignatureHeader = "X-Forgejo-Signature"
    static let giteaSignatureHeader = "X-Gitea-Signature"

    /// `X-Forgejo-Signature` when present, else `X-Gitea-Signature`: bare hex HMAC-SHA256 of the
    /// raw body. Both are sent empty when the hook has no secret, which fails.
    static func verify(secret: [UInt8]?, headers: some HeaderLookup, body: [UInt8]) -> WebhookVerification {
        guard let secret else { return .notConfigured(reason: "GITEA_WEBHOOK_SECRET is not set") }
        if let forgejo = headers.headerValue(forgejoSignatureHeader) {
            return SignatureCheck.hmacSHA256(header: forgejoSignatureHeader, value: forgejo, prefix: "",
                                             secret: secret, body: body)
        }
        return SignatureCheck.hmacSHA256(header: giteaSignatureHeader, value: headers.headerValue(giteaSignatureHeader),
                                         prefix: "", secret: secret, body: body)
    }
}
