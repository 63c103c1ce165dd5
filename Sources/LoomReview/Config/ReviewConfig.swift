// ReviewConfig: a repository's validated `.loom/config.yaml` (or the built-in default).

/// A whole review configuration. Only `ConfigLoader` and `builtInDefault` make valid ones; the
/// memberwise initialiser is for tests and tools and checks nothing.
public struct ReviewConfig: Hashable, Sendable {
    /// Models by name.
    public var models: [String: ModelSettings]
    /// In file order.
    public var pipelines: [PipelineConfig]
    public var triggers: TriggerConfig
    public var output: OutputConfig
    public var advanced: AdvancedConfig

    public init(models: [String: ModelSettings], pipelines: [PipelineConfig], triggers: TriggerConfig = TriggerConfig(),
                output: OutputConfig = OutputConfig(), advanced: AdvancedConfig = AdvancedConfig()) {
        self.models = models
        self.pipelines = pipelines
        self.triggers = triggers
        self.output = output
        self.advanced = advanced
    }

    /// Where a repository keeps its config.
    public static let repositoryPath = ".loom/config.yaml"

    /// The pipelines that run, in file order.
    public var enabledPipelines: [PipelineConfig] { pipelines.filter(\.enabled) }

    /// The model a pipeline uses (always present in a validated config).
    public func model(for pipeline: PipelineConfig) -> ModelSettings? { models[pipeline.model] }
}
