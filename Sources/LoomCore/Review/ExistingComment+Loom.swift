// ExistingComment+Loom: finding Loom's own summary and already-posted fingerprints among a PR's comments.

extension ExistingComment {
    /// The fingerprints of the findings this comment carries (empty for other comments).
    public var loomFingerprints: [String] { LoomMarkers.fingerprints(in: body) }

    /// Whether this is Loom's summary (edited in place on a re-review).
    public var isLoomSummary: Bool { LoomMarkers.isSummary(body) }
}

extension Sequence where Element == ExistingComment {
    /// Loom's summary comment, if one was posted before (the first, should there be several).
    public var loomSummary: ExistingComment? { first { $0.isLoomSummary } }

    /// Every fingerprint already posted on the pull request, inline or not.
    public var postedFingerprints: Set<String> {
        reduce(into: Set<String>()) { $0.formUnion($1.loomFingerprints) }
    }
}
