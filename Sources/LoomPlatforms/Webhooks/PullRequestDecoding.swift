// PullRequestDecoding: rules every platform decoder shares (commit hashes, required heads, lenient ignores).

internal import LoomCore

/// Shared steps of turning a pull-request payload into a `DecodedWebhook`.
enum PullRequestDecoding {
    /// `hash` when it looks like a git object name: 7 to 64 hex digits (Bitbucket sends 12).
    ///
    /// Workers pass head and base SHAs to platform APIs and to git, so anything else (a leading
    /// `-`, a path, spaces) is refused here rather than trusted because the body was signed.
    static func commitHash(_ hash: String?) -> String? {
        guard let hash, (7...64).contains(hash.utf8.count), hash.utf8.allSatisfy(isHexDigit) else { return nil }
        return hash
    }

    /// The head commit: required (and checked) for a review, optional otherwise.
    static func head(_ hash: String?, path: String, intent: WebhookIntent) throws(WebhookPayloadError) -> String? {
        if let hash {
            guard let valid = commitHash(hash) else { throw WebhookPayloadError("\(path) is not a commit hash") }
            return valid
        }
        if case .review = intent { throw .missing(path) }
        return nil
    }

    /// Builds the event with `build`. A payload whose action Loom ignores anyway is acknowledged
    /// as ignored even when it lacks fields a job would need: refusing it would only make the
    /// platform report failed deliveries for events nobody asked about.
    static func finish(event: String, deliveryID: String?, intent: WebhookIntent,
                       _ build: () throws(WebhookPayloadError) -> PullRequestEvent)
        throws(WebhookPayloadError) -> DecodedWebhook {
        do {
            return .pullRequest(try build())
        } catch {
            guard case .ignore(let reason) = intent else { throw error }
            return .ignored(event: event, deliveryID: deliveryID, reason: reason)
        }
    }

    /// The cancel reason for a PR that was closed, merged or not.
    static func closed(merged: Bool) -> WebhookIntent {
        .cancel(reason: merged ? "pr_merged" : "pr_closed")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
             UInt8(ascii: "A")...UInt8(ascii: "F"): true
        default: false
        }
    }
}
