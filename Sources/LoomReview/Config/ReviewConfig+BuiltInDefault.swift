// ReviewConfig+BuiltInDefault: the config used when a repository has no `.loom/config.yaml`.

import LoomCore

extension ReviewConfig {
    /// The name of the built-in pipeline.
    public static let builtInPipelineName = "general"

    /// Files the built-in pipeline never reviews: lock files, vendored and generated code and
    /// minified assets cost tokens and rarely hold anything a reviewer can act on.
    public static let builtInExcludedPaths = [
        "*.lock", "package-lock.json", "pnpm-lock.yaml", "go.sum", "Package.resolved",
        "*.min.js", "*.min.css", "*.map", "*.snap", "*.svg",
        "**/vendor/**", "**/node_modules/**", "**/dist/**", "*.pb.go", "*_pb2.py", "*.generated.*",
    ]

    /// One `general` pipeline (bugs, security, correctness) on `model`, with its built-in prompt,
    /// and every other setting at its default.
    public static func builtInDefault(model: ModelSettings) -> ReviewConfig {
        let pipeline = PipelineConfig(name: builtInPipelineName, model: model.name, builtInPrompt: BuiltInPrompts.general,
                                      severity: .warning, excludePaths: builtInExcludedPaths.map { Glob($0) })
        return ReviewConfig(models: [model.name: model], pipelines: [pipeline])
    }
}
