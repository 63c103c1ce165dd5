// TriggerDecision: run the review, or skip it with a reason (and, for oversized PRs, a comment).

/// What the triggers say about one pull request.
public enum TriggerDecision: Hashable, Sendable {
    case run
    /// Skip. `message` explains it to a person: for the log and job record, and for
    /// `pr_too_large` also the text of the comment posted on the pull request.
    case skip(reason: SkipReason, message: String)

    /// The skip reason, nil for `run`.
    public var skipReason: SkipReason? {
        if case .skip(let reason, _) = self { return reason }
        return nil
    }

    /// The comment to post on the pull request: only an oversized one is told why it was not
    /// reviewed; the other skips are silent (SPEC §6.2).
    public var comment: String? {
        if case .skip(.prTooLarge, let message) = self { return message }
        return nil
    }
}
