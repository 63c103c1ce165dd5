// PromptContext: the values a prompt template's variables are filled with for one pipeline run (or chunk).

public import LoomCore

/// What a review knows when it renders a prompt. Text here is raw; rendering fences the
/// untrusted parts.
public struct PromptContext: Hashable, Sendable {
    /// The diff annotated with new-file line numbers (`{{diff}}`).
    public var diff: String
    /// The plain unified diff (`{{raw_diff}}`).
    public var rawDiff: String
    /// The files this prompt covers (`{{files}}`), one per line — typically
    /// `PromptDiffRenderer.fileList`, with each file's status and line counts.
    public var files: String
    public var prTitle: String
    public var prDescription: String
    public var prAuthor: String
    public var sourceBranch: String
    public var targetBranch: String
    public var prNumber: Int
    /// `owner/repo`.
    public var repository: String

    public init(diff: String, rawDiff: String, files: String, prTitle: String, prDescription: String, prAuthor: String,
                sourceBranch: String, targetBranch: String, prNumber: Int, repository: String) {
        self.diff = diff
        self.rawDiff = rawDiff
        self.files = files
        self.prTitle = prTitle
        self.prDescription = prDescription
        self.prAuthor = prAuthor
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.prNumber = prNumber
        self.repository = repository
    }

    /// The pull request's facts plus the (chunk of) diff being reviewed.
    public init(pullRequest: PullRequestInfo, repository: String, diff: String, rawDiff: String, files: String) {
        self.init(diff: diff, rawDiff: rawDiff, files: files, prTitle: pullRequest.title,
                  prDescription: pullRequest.description, prAuthor: pullRequest.author,
                  sourceBranch: pullRequest.sourceBranch, targetBranch: pullRequest.targetBranch,
                  prNumber: pullRequest.number, repository: repository)
    }

    /// The raw value of `variable`.
    public func value(of variable: PromptVariable) -> String {
        switch variable {
        case .diff: diff
        case .rawDiff: rawDiff
        case .files: files
        case .prTitle: prTitle
        case .prDescription: prDescription
        case .prAuthor: prAuthor
        case .sourceBranch: sourceBranch
        case .targetBranch: targetBranch
        case .prNumber: String(prNumber)
        case .repository: repository
        }
    }
}
