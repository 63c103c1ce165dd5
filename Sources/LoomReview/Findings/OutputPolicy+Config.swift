// OutputPolicy+Config: the policy a repository's `output` section asks for.

extension OutputPolicy {
    /// The policy of a validated `output` section.
    public init(_ config: OutputConfig) {
        self.init(minSeverity: config.minSeverity, maxComments: config.maxComments,
                  maxCommentsPerFile: config.maxCommentsPerFile, groupByFile: config.groupByFile,
                  inlineComments: config.inlineComments)
    }
}
