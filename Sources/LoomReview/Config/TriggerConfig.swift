// TriggerConfig: the `triggers` section — which pull requests get reviewed at all.

public import LoomCore

/// When a pull request is reviewed, with every default of SPEC §5 filled in.
public struct TriggerConfig: Hashable, Sendable {
    /// Target-branch globs; empty means every branch.
    public var branches: [Glob]
    /// Authors whose pull requests are skipped (compared case-insensitively; `*` is a wildcard,
    /// so `*[bot]` skips every bot account).
    public var ignoreAuthors: [String]
    /// A pull request whose every changed file matches one of these is skipped.
    public var ignorePaths: [Glob]
    /// Fewer changed lines (additions + deletions) than this → skipped.
    public var minChanges: Int
    /// More changed lines than this → skipped with a comment.
    public var maxChanges: Int
    /// More changed files than this → skipped with a comment.
    public var maxFiles: Int

    /// Default values, as SPEC §5 lists them.
    public enum Defaults {
        public static let minChanges = 0
        public static let maxChanges = 5000
        public static let maxFiles = 100
    }

    public init(branches: [Glob] = [], ignoreAuthors: [String] = [], ignorePaths: [Glob] = [],
                minChanges: Int = Defaults.minChanges, maxChanges: Int = Defaults.maxChanges,
                maxFiles: Int = Defaults.maxFiles) {
        self.branches = branches
        self.ignoreAuthors = ignoreAuthors
        self.ignorePaths = ignorePaths
        self.minChanges = minChanges
        self.maxChanges = maxChanges
        self.maxFiles = maxFiles
    }
}
