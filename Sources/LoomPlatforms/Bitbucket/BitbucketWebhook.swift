// BitbucketWebhook: Bitbucket Cloud's signature or hook-UUID check; decoding lives in BitbucketWebhook+Decode.

internal import LoomCore
internal import LoomCrypto

/// Bitbucket Cloud webhooks.
enum BitbucketWebhook {
    static let signatureHeader = "X-Hub-Signature"
    static let hookUUIDHeader = "X-Hook-UUID"

    /// With a secret, `X-Hub-Signature: sha256=<hex>` (SHA-256 under GitHub's SHA-1 header name).
    /// Without one, `X-Hook-UUID` must be one of `hookUUIDs` (already normalized). A UUID is weak
    /// proof (it is not secret from anyone who can see the hook), which is why a secret wins.
    static func verify(secret: [UInt8]?, hookUUIDs: [[UInt8]], headers: some HeaderLookup,
                       body: [UInt8]) -> WebhookVerification {
        if let secret {
            return SignatureCheck.hmacSHA256(header: signatureHeader, value: headers.headerValue(signatureHeader),
                                             prefix: "sha256=", secret: secret, body: body)
        }
        guard !hookUUIDs.isEmpty else {
            return .notConfigured(reason: "neither BITBUCKET_WEBHOOK_SECRET nor BITBUCKET_WEBHOOK_UUIDS is set")
        }
        guard let sent = headers.headerValue(hookUUIDHeader), !sent.isEmpty else {
            return .invalidSignature(reason: "missing \(hookUUIDHeader) header")
        }
        let normalized = normalizedUUID(sent)
        // Compare against every configured UUID without stopping early.
        var matched = false
        for uuid in hookUUIDs where ConstantTime.equals(normalized, uuid) { matched = true }
        return matched ? .verified : .invalidSignature(reason: "\(hookUUIDHeader) is not in BITBUCKET_WEBHOOK_UUIDS")
    }

    /// Lower-case UUID bytes without surrounding spaces or braces, so `{ABC-…}` and `abc-…` match.
    static func normalizedUUID(_ text: String) -> [UInt8] {
        var value = Substring(text).trimmingASCIISpaces()
        if value.hasPrefix("{") && value.hasSuffix("}") && value.count >= 2 {
            value = value.dropFirst().dropLast()
        }
        return Array(value.lowercased().utf8)
    }
}
