// OutputConfig: the `output` section — what Loom posts back and how much of it.

public import LoomCore

/// What a review posts, with every default of SPEC §5 filled in.
public struct OutputConfig: Hashable, Sendable {
    /// Post the summary comment.
    public var summary: Bool
    /// Post findings as inline comments (otherwise they are only listed in the summary).
    public var inlineComments: Bool
    /// Findings below this severity are not posted.
    public var minSeverity: Severity
    /// Inline comments per review, 1…100; the rest go to the summary.
    public var maxComments: Int
    /// Inline comments per file, 1…50; the rest go to the summary.
    public var maxCommentsPerFile: Int
    /// Group findings by file in the summary.
    public var groupByFile: Bool

    /// Default values, as SPEC §5 lists them.
    public enum Defaults {
        public static let summary = true
        public static let inlineComments = true
        public static let minSeverity = Severity.info
        public static let maxComments = 50
        public static let maxCommentsPerFile = 10
        public static let groupByFile = false
    }

    public init(summary: Bool = Defaults.summary, inlineComments: Bool = Defaults.inlineComments,
                minSeverity: Severity = Defaults.minSeverity, maxComments: Int = Defaults.maxComments,
                maxCommentsPerFile: Int = Defaults.maxCommentsPerFile, groupByFile: Bool = Defaults.groupByFile) {
        self.summary = summary
        self.inlineComments = inlineComments
        self.minSeverity = minSeverity
        self.maxComments = maxComments
        self.maxCommentsPerFile = maxCommentsPerFile
        self.groupByFile = groupByFile
    }
}
