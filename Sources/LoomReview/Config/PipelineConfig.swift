// PipelineConfig: one entry of `pipelines` — a prompt, a model and the files it looks at.

public import LoomCore

/// A review pipeline, with every default of SPEC §5 filled in.
public struct PipelineConfig: Hashable, Sendable {
    /// Unique within the config (`^[a-z0-9-]+$`); appears in findings and the summary.
    public var name: String
    /// A key of `ReviewConfig.models`.
    public var model: String
    /// The prompt template's path relative to `.loom/`, normalised: no leading `.loom/`, no `.`
    /// or `..` segments, never absolute. Read it from the repository at `repositoryPromptPath`.
    public var promptFile: String
    /// The template text itself when the pipeline is built in (no repository file to read).
    public var builtInPrompt: String?
    /// Severity of findings that do not state a valid one of their own.
    public var severity: Severity
    /// Disabled pipelines are validated but never run.
    public var enabled: Bool
    /// Files the pipeline reviews; empty means every file.
    public var includePaths: [Glob]
    /// Files it never reviews, even when included.
    public var excludePaths: [Glob]

    /// Default values, as SPEC §5 lists them.
    public enum Defaults {
        public static let severity = Severity.warning
        public static let enabled = true

        /// `prompts/{name}.md`.
        public static func promptFile(for name: String) -> String { "prompts/\(name).md" }
    }

    public init(name: String, model: String, promptFile: String? = nil, builtInPrompt: String? = nil,
                severity: Severity = Defaults.severity, enabled: Bool = Defaults.enabled,
                includePaths: [Glob] = [], excludePaths: [Glob] = []) {
        self.name = name
        self.model = model
        self.promptFile = promptFile ?? Defaults.promptFile(for: name)
        self.builtInPrompt = builtInPrompt
        self.severity = severity
        self.enabled = enabled
        self.includePaths = includePaths
        self.excludePaths = excludePaths
    }

    /// The prompt's path from the repository root (`.loom/prompts/general.md`).
    public var repositoryPromptPath: String { ".loom/" + promptFile }
}
