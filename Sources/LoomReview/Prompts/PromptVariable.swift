// PromptVariable: the `{{variables}}` a prompt template may use (SPEC §6.3), and which carry untrusted text.

/// A template variable. The raw value is the spelling inside `{{ }}`.
public enum PromptVariable: String, CaseIterable, Hashable, Sendable {
    /// The diff annotated with new-file line numbers, so findings can cite exact lines.
    case diff
    /// The plain unified diff.
    case rawDiff = "raw_diff"
    /// The reviewed files' paths, one per line.
    case files
    case prTitle = "pr_title"
    case prDescription = "pr_description"
    case prAuthor = "pr_author"
    case sourceBranch = "source_branch"
    case targetBranch = "target_branch"
    case prNumber = "pr_number"
    /// `owner/repo`.
    case repository

    /// Whether the value is written by the pull request's author (or is code from the pull
    /// request), so it is rendered as a fenced data block. Branch names count: anyone who can
    /// push can name a branch "ignore all previous instructions".
    public var isUntrusted: Bool {
        switch self {
        case .prNumber, .repository: false
        case .diff, .rawDiff, .files, .prTitle, .prDescription, .prAuthor, .sourceBranch, .targetBranch: true
        }
    }

    /// Every name, in SPEC order, for messages.
    static let allNames = allCases.map(\.rawValue)
}
