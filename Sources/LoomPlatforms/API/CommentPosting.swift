// CommentPosting: what adapters share when posting comments — refusal vs failure, the review body.

/// Helpers shared by the adapters' comment code.
enum CommentPosting {
    /// Whether a failed comment POST is the platform refusing that one comment (validation: a
    /// line outside the diff, a bad path) rather than the call failing. Refusals become
    /// `CommentResult.rejected`; anything else (auth, rate limit, outage) is thrown, because the
    /// next comment would fail the same way.
    static func isRejection(_ error: PlatformAPIError) -> Bool {
        error.status == 400 || error.status == 422
    }

    /// The reason recorded for a rejected comment.
    static func reason(_ error: PlatformAPIError) -> String {
        error.message
    }

    /// The review body GitHub and Gitea require next to inline comments (an empty body is refused
    /// on some versions). The summary stays a separate top-level comment (SPEC §6.7).
    static func reviewBody(count: Int) -> String {
        "Loom left \(count) inline comment\(count == 1 ? "" : "s") on this pull request; the summary comment has the overview."
    }
}
