// NoticeComments: the short top-level comments for a pull request too large to review and a broken config.

internal import LoomCore

/// Texts posted instead of a summary when a review does not run. They carry the summary marker,
/// so Loom keeps one top-level comment per pull request: a later review edits it in place.
public enum NoticeComments {
    /// Job skipped with reason `pr_too_large` (SPEC §6.2): which limit was exceeded and what to do.
    public static func prTooLarge(changedLines: Int, maxChanges: Int, changedFiles: Int, maxFiles: Int) -> String {
        var reasons: [String] = []
        if changedLines > maxChanges {
            reasons.append("\(MarkdownText.number(changedLines)) changed lines (limit `triggers.max_changes`: "
                + "\(MarkdownText.number(maxChanges)))")
        }
        if changedFiles > maxFiles {
            reasons.append("\(MarkdownText.number(changedFiles)) changed files (limit `triggers.max_files`: "
                + "\(MarkdownText.number(maxFiles)))")
        }
        let what = reasons.isEmpty
            ? "more than this repository's review limits allow"
            : reasons.joined(separator: " and ")
        return "## Loom review skipped\n\nThis pull request is too large to review: \(what).\n\n"
            + "Split it into smaller pull requests, or raise the limits in `.loom/config.yaml` on the base branch.\n\n"
            + LoomMarkers.summary + "\n"
    }

    /// Job failed because `.loom/config.yaml` (or a prompt file) is invalid: every error with its
    /// `file:line`, so the author can fix them all at once.
    public static func configError(_ errors: [ConfigError], limit: Int = 50) -> String {
        configError(errors.map(\.description), limit: limit)
    }

    /// The same, from preformatted `file:line: message` lines.
    public static func configError(_ errors: [String], limit: Int = 50) -> String {
        var out = "## Loom review failed: invalid configuration\n\n"
            + "Loom reads `.loom/` from the base branch, and it has "
            + "\(MarkdownText.count(errors.count, "error")):\n\n"
        out += errors.prefix(limit).map { "- " + MarkdownText.code($0) }.joined(separator: "\n")
        if errors.count > limit { out += "\n- … and \(errors.count - limit) more" }
        out += "\n\nFix the configuration on the base branch (`loom config check` shows the same errors); "
            + "the next push to this pull request will be reviewed with it.\n\n" + LoomMarkers.summary + "\n"
        return out
    }
}
