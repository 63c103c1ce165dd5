// ConfigError: one problem in a config or prompt file, located by file, line and key path.

/// A single validation problem. Printed as `source:line: key.path: message`, the form editors
/// and CI logs recognise, e.g.
/// `.loom/config.yaml:12: pipelines[0].severity: must be one of blocker, warning, info (got "critical")`.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the user would name it (`.loom/config.yaml`, `.loom/prompts/general.md`).
    public var source: String
    /// 1-based line.
    public var line: Int
    /// Where in the YAML (`pipelines[1].model`, `models.fast.temperature`); empty for problems
    /// that belong to no key (YAML syntax, prompt text).
    public var keyPath: String
    /// What is wrong, and where it helps, what was expected.
    public var message: String

    public init(source: String, line: Int, keyPath: String, message: String) {
        self.source = source
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(source):\(line): \(message)" : "\(source):\(line): \(keyPath): \(message)"
    }
}

/// Every problem found in one validation, in file order. Validation never stops at the first
/// problem, so a user fixes them all in one round.
public struct ConfigErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// In file order: by source, then line, then the order found.
    public var errors: [ConfigError]

    /// The errors, sorted by file and line.
    public init(_ errors: [ConfigError]) {
        // Stable by line so that errors on the same line keep the order they were found in.
        self.errors = errors.enumerated()
            .sorted { ($0.element.source, $0.element.line, $0.offset) < ($1.element.source, $1.element.line, $1.offset) }
            .map(\.element)
    }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
