// PullRequestFacts: the few facts about a pull request that the triggers look at.

public import LoomCore

/// What `TriggerEvaluator` needs to know, gathered from the platform's PR info and diff.
public struct PullRequestFacts: Hashable, Sendable {
    /// The branch the pull request merges into (`main`; a leading `refs/heads/` is ignored).
    public var targetBranch: String
    public var author: String
    /// Paths of the changed files (new path; old path for deletions).
    public var changedPaths: [String]
    /// Additions plus deletions.
    public var changedLines: Int
    /// Changed files, binary ones included; may exceed `changedPaths.count` when the platform
    /// reports more files than it lists.
    public var fileCount: Int

    public init(targetBranch: String, author: String, changedPaths: [String], changedLines: Int, fileCount: Int? = nil) {
        self.targetBranch = targetBranch
        self.author = author
        self.changedPaths = changedPaths
        self.changedLines = changedLines
        self.fileCount = fileCount ?? changedPaths.count
    }

    /// The facts of a fetched pull request and its diff.
    public init(pullRequest: PullRequestInfo, diff: Diff) {
        self.init(targetBranch: pullRequest.targetBranch, author: pullRequest.author,
                  changedPaths: diff.files.map(\.path), changedLines: diff.changedLineCount, fileCount: diff.files.count)
    }
}
