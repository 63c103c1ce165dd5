// FakePullRequest: a pull request a fake platform serves — metadata, diff text, and files at commits.

import LoomCore

/// What a test sets up on a fake platform. The diff text is the single source of truth: every
/// fake derives its per-platform shapes (GitLab's hunk-only entries, Azure's change entries)
/// and which lines accept comments from it.
struct FakePullRequest: Sendable {
    var number: Int
    var title = "Add a feature"
    var description = "Implements the feature."
    var author = "octocat"
    var sourceBranch = "feature"
    var targetBranch = "main"
    var headSHA = "1111111111111111111111111111111111111111"
    var baseSHA = "2222222222222222222222222222222222222222"
    /// GitLab's `diff_refs.start_sha` (defaults to the base).
    var startSHA: String?
    var isDraft = false
    /// `open`, `closed` or `merged`.
    var state = "open"
    /// The unified diff of the change (`git diff base head`).
    var diff = ""
    /// File contents by commit, then path (no leading slash).
    var files: [String: [String: [UInt8]]] = [:]
    /// A real API response served verbatim as the PR's metadata, when the fixture exists.
    var infoJSON: [UInt8]?
    /// GitLab: a real `/diffs` response served verbatim.
    var diffsJSON: [UInt8]?

    init(number: Int, diff: String = "", files: [String: [String: [UInt8]]] = [:]) {
        self.number = number
        self.diff = diff
        self.files = files
    }

    /// The parsed diff.
    var parsedDiff: Diff { UnifiedDiffParser.parse(diff).diff }

    /// Whether the platform would accept a comment on new-file `line` of `path` (an added or
    /// context line inside a hunk).
    func isCommentable(path: String, line: Int) -> Bool {
        parsedDiff.file(path)?.commentableNewLines.contains(line) ?? false
    }

    /// The diff line at new-file `line` of `path`.
    func diffLine(path: String, newLine line: Int) -> DiffLine? {
        parsedDiff.file(path)?.line(atNewLine: line)?.line
    }

    /// A file's bytes at `commit`.
    func file(_ path: String, at commit: String) -> [UInt8]? {
        files[commit]?[String(path.drop { $0 == "/" })]
    }
}
