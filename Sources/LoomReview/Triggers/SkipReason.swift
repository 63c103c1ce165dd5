// SkipReason: why a pull request is not reviewed, as recorded on the job (SPEC §6.2).

/// The trigger rule that stopped a review. Raw values are the job's `reason` strings.
public enum SkipReason: String, CaseIterable, Hashable, Sendable {
    /// The target branch matches none of `triggers.branches`.
    case branchExcluded = "branch_excluded"
    /// The author is in `triggers.ignore_authors`.
    case authorIgnored = "author_ignored"
    /// Every changed file matches `triggers.ignore_paths`.
    case pathsIgnored = "paths_ignored"
    /// Fewer changed lines than `triggers.min_changes`.
    case tooFewChanges = "too_few_changes"
    /// More changed lines than `triggers.max_changes`, or more files than `triggers.max_files`.
    case prTooLarge = "pr_too_large"
}
