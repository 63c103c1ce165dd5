// ConfigLoader: parses and validates `.loom/config.yaml`, collecting every error with its key path and line.

import Yams

/// Turns YAML text into a `ReviewConfig`, or into every problem it has.
public enum ConfigLoader {
    /// Parses `yaml` and validates all of SPEC §5. `source` names the file in messages.
    ///
    /// On failure every problem is reported, each with its key path and 1-based line, e.g.
    /// `.loom/config.yaml:12: pipelines[0].severity: must be one of blocker, warning, info (got "critical")`.
    public static func parse(yaml: String, source: String = ReviewConfig.repositoryPath) -> Result<ReviewConfig, ConfigErrors> {
        let outcome = read(yaml: yaml, source: source)
        if let config = outcome.config { return .success(config) }
        return .failure(ConfigErrors(outcome.errors))
    }

    /// Where a pipeline's prompt lives, as far as the config could be read (also when other
    /// parts of it are invalid, so `loom config check` can check the prompts too).
    struct PromptReference: Equatable {
        var pipeline: String
        /// Normalised, relative to `.loom/`.
        var promptFile: String
        var enabled: Bool
        /// The `prompt_file` line, or the pipeline's when it uses the default.
        var line: Int
        var keyPath: String
    }

    struct Outcome {
        /// Non-nil exactly when there are no errors.
        var config: ReviewConfig?
        var errors: [ConfigError]
        var prompts: [PromptReference]
    }

    /// The whole read, with what `ConfigCheck` needs beyond the config itself.
    static func read(yaml: String, source: String) -> Outcome {
        var diagnostics = ConfigDiagnostics(source: source)
        guard yaml.utf8.count <= ConfigSchema.maxDocumentBytes else {
            diagnostics.add(line: 1, path: "", "the file is \(yaml.utf8.count) bytes; at most \(ConfigSchema.maxDocumentBytes) (256 KiB) are accepted")
            return Outcome(config: nil, errors: diagnostics.errors, prompts: [])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            let (line, message) = describe(yamlError: error, in: yaml)
            diagnostics.add(line: line, path: "", message)
            return Outcome(config: nil, errors: diagnostics.errors, prompts: [])
        }
        guard let root, YAMLScalarKind(root) != .null else {
            diagnostics.add(line: 1, path: "", "the file is empty; a config needs at least `models` and `pipelines`")
            return Outcome(config: nil, errors: diagnostics.errors, prompts: [])
        }
        guard let top = ConfigMapping(root, path: "", line: root.mark?.line ?? 1, known: ConfigSchema.root,
                                      diagnostics: &diagnostics) else {
            return Outcome(config: nil, errors: diagnostics.errors, prompts: [])
        }

        let models = readModels(top, diagnostics: &diagnostics)
        let (pipelines, prompts) = readPipelines(top, modelNames: models.names, diagnostics: &diagnostics)
        let triggers = readTriggers(top, diagnostics: &diagnostics)
        let output = readOutput(top, diagnostics: &diagnostics)
        let advanced = readAdvanced(top, diagnostics: &diagnostics)

        guard diagnostics.isEmpty, let triggers, let output, let advanced else {
            return Outcome(config: nil, errors: diagnostics.errors, prompts: prompts)
        }
        let config = ReviewConfig(models: models.settings, pipelines: pipelines, triggers: triggers, output: output,
                                  advanced: advanced)
        return Outcome(config: config, errors: [], prompts: prompts)
    }

    /// A YAML syntax error's line and a message without Yams' multi-line snippet (the file:line
    /// prefix already points there).
    static func describe(yamlError error: any Error, in yaml: String) -> (line: Int, message: String) {
        guard let error = error as? YamlError else { return (1, "invalid YAML: \(error)") }
        switch error {
        case .composer(_, "but found another document", let mark, _):
            return (mark.line, "invalid YAML: a second document starts here (`---`); a config is a single document")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += context.mark.line == mark.line
                    ? " (\(context.text))" : " (\(context.text) that starts on line \(context.mark.line))"
            }
            return (mark.line, message)
        case .reader(let problem, let offset, _, _):
            // The offset counts Characters from the start of the text.
            let line = offset.map { 1 + yaml.prefix($0).reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } } ?? 1
            return (line, "unreadable text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first occurrence; the mistake is usually the later one.
            let first = context.mark.line
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            let repeated = duplicates.first.flatMap { repeatLine(of: $0, after: context.mark, in: yaml) }
            return (repeated ?? first, "duplicate key \(keys) (first on line \(first)); each key may appear once in a mapping")
        default:
            return (1, "invalid YAML: \(error)")
        }
    }

    /// The next line below `mark` that starts `key:` at the same indentation, before the
    /// mapping ends (a less indented line). Block mappings only; nil otherwise.
    private static func repeatLine(of key: String, after mark: Mark, in yaml: String) -> Int? {
        let indent = mark.column - 1
        var number = 0
        for line in yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            guard number > mark.line else { continue }
            let body = line.drop { $0 == " " }
            if body.isEmpty || body.hasPrefix("#") { continue }
            let depth = line.count - body.count
            if depth < indent { return nil }
            if depth == indent, [key + ":", "\"\(key)\":", "'\(key)':"].contains(where: { body.hasPrefix($0) }) {
                return number
            }
        }
        return nil
    }
}
