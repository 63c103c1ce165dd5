// WebhookVerification: the outcome of checking a delivery's authenticity, mapped to an HTTP answer.

/// Whether a webhook delivery proved it came from the configured platform hook.
public enum WebhookVerification: Equatable, Sendable {
    /// The signature, token or credentials matched.
    case verified
    /// Missing, malformed or wrong credentials: answer 401 `invalid_signature`.
    case invalidSignature(reason: String)
    /// The platform has no secret (or Bitbucket hook UUID) configured: answer 500 `not_configured`.
    /// Loom never accepts a delivery it cannot authenticate.
    case notConfigured(reason: String)

    /// True only for `.verified`.
    public var isVerified: Bool { self == .verified }
}
