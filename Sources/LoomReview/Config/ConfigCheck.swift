// ConfigCheck: `loom config check` as a pure function — validate a config and its prompt files, report every error.

/// The logic of `loom config check [FILE]`, with file access injected so it runs in tests and
/// in the CLI alike.
public enum ConfigCheck {
    /// Validates the config at `configPath` and the prompt file of every enabled pipeline
    /// (readable, and using only known `{{variables}}`). Prompt paths are relative to the
    /// config's folder (`.loom/`).
    ///
    /// - Parameter readFile: the text of a file, or throws when it is missing or unreadable.
    /// - Returns: exit code 0 when everything is valid, 1 otherwise; `output` lists every error
    ///   as `file:line: key.path: message`, then a count (or a one-line summary when valid).
    public static func run(configPath: String, readFile: (String) throws -> String) -> (exitCode: Int32, output: String) {
        let yaml: String
        do {
            yaml = try readFile(configPath)
        } catch {
            return (1, "\(configPath): cannot read the file: \(error)")
        }
        let outcome = ConfigLoader.read(yaml: yaml, source: configPath)
        var errors = outcome.errors
        var checked: Set<String> = []
        for reference in outcome.prompts where reference.enabled {
            let path = promptPath(reference.promptFile, configPath: configPath)
            guard checked.insert(path).inserted else { continue }
            let text: String
            do {
                text = try readFile(path)
            } catch {
                errors.append(ConfigError(source: configPath, line: reference.line, keyPath: reference.keyPath,
                                          message: "pipeline \(reference.pipeline): cannot read the prompt file \(path): \(error)"))
                continue
            }
            if case .failure(let problems) = PromptTemplate.parse(text, source: path) {
                errors.append(contentsOf: problems.errors)
            }
        }
        guard errors.isEmpty, let config = outcome.config else {
            let sorted = ConfigErrors(errors)
            let count = sorted.errors.count == 1 ? "1 error" : "\(sorted.errors.count) errors"
            return (1, "\(sorted.description)\n\(configPath): invalid (\(count))")
        }
        let enabled = config.enabledPipelines.count
        return (0, "\(configPath): valid (\(plural(config.models.count, "model")), "
                + "\(plural(config.pipelines.count, "pipeline")), \(enabled) enabled)")
    }

    /// `promptFile` (relative to `.loom/`) as a path next to the config file.
    static func promptPath(_ promptFile: String, configPath: String) -> String {
        guard let slash = configPath.lastIndex(of: "/") else { return promptFile }
        return String(configPath[...slash]) + promptFile
    }

    private static func plural(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }
}
