// ConfigLoader+Pipelines: reads and validates the `pipelines` list.

import LoomCore
import Yams

extension ConfigLoader {
    static func readPipelines(_ top: ConfigMapping, modelNames: [String],
                              diagnostics: inout ConfigDiagnostics) -> ([PipelineConfig], [PromptReference]) {
        guard let node = top.require("pipelines", "at least one pipeline (a name, a model and a prompt)",
                                     diagnostics: &diagnostics)
        else { return ([], []) }
        let line = top.line(of: "pipelines")
        guard case .sequence(let items) = node else {
            diagnostics.add(line: node.mark?.line ?? line, path: "pipelines",
                            "expected a list of pipelines (got \(ConfigMapping.describe(node)))")
            return ([], [])
        }
        if items.count == 0 {
            diagnostics.add(line: line, path: "pipelines", "at least one pipeline is required")
        } else if items.count > ConfigSchema.maxPipelines {
            diagnostics.add(line: line, path: "pipelines",
                            "at most \(ConfigSchema.maxPipelines) pipelines are allowed (got \(items.count))")
        }
        var pipelines: [PipelineConfig] = []
        var prompts: [PromptReference] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "pipelines[\(index)]"
            guard let map = ConfigMapping(item, path: path, line: item.mark?.line ?? line, known: ConfigSchema.pipeline,
                                          diagnostics: &diagnostics)
            else { continue }
            let name = readPipelineName(map, seen: &seen, diagnostics: &diagnostics)
            let (pipeline, prompt) = readPipeline(map, name: name, modelNames: modelNames, diagnostics: &diagnostics)
            if let prompt { prompts.append(prompt) }
            if let pipeline { pipelines.append(pipeline) }
        }
        return (pipelines, prompts)
    }

    /// The name when present and valid; duplicates are reported on the later one.
    private static func readPipelineName(_ map: ConfigMapping, seen: inout [String: Int],
                                         diagnostics: inout ConfigDiagnostics) -> String? {
        guard map.require("name", "a name of a-z, 0-9 and -", diagnostics: &diagnostics) != nil,
              let name = map.string("name", diagnostics: &diagnostics)
        else { return nil }
        let line = map.line(of: "name")
        guard ConfigRules.isPipelineName(name) else {
            diagnostics.add(line: line, path: map.join("name"),
                            "must contain only lowercase letters, digits and - (got \(ConfigMapping.quote(name)))")
            return nil
        }
        if let first = seen[name] {
            diagnostics.add(line: line, path: map.join("name"),
                            "duplicate pipeline name \(ConfigMapping.quote(name)) (first used on line \(first)); names must be unique")
            return nil
        }
        seen[name] = line
        return name
    }

    private static func readPipeline(_ map: ConfigMapping, name: String?, modelNames: [String],
                                     diagnostics: inout ConfigDiagnostics) -> (PipelineConfig?, PromptReference?) {
        let before = diagnostics.count
        var model: String?
        if map.require("model", "the name of a model under `models`", diagnostics: &diagnostics) != nil,
           let raw = map.string("model", diagnostics: &diagnostics) {
            model = raw
            // With no usable `models` section every reference would fail; that error is already reported.
            if !modelNames.isEmpty, !modelNames.contains(raw) {
                let hint = KeySuggestion.hint(for: raw, in: modelNames)
                diagnostics.add(line: map.line(of: "model"), path: map.join("model"),
                                "unknown model \(ConfigMapping.quote(raw)); defined models: \(modelNames.joined(separator: ", "))\(hint)")
                model = nil
            }
        }
        let enabled = map.bool("enabled", default: PipelineConfig.Defaults.enabled, diagnostics: &diagnostics)
        var promptFile: String?
        if let raw = map.string("prompt_file", diagnostics: &diagnostics) {
            switch ConfigRules.normalizedPromptFile(raw) {
            case .success(let path): promptFile = path
            case .failure(let problem):
                diagnostics.add(line: map.line(of: "prompt_file"), path: map.join("prompt_file"),
                                "\(problem.message) (got \(ConfigMapping.quote(raw)))")
            }
        } else if map.value("prompt_file") == nil, let name {
            promptFile = PipelineConfig.Defaults.promptFile(for: name)
        }
        var prompt: PromptReference?
        if let name, let promptFile {
            prompt = PromptReference(pipeline: name, promptFile: promptFile, enabled: enabled ?? true,
                                     line: map.line(of: "prompt_file"), keyPath: map.join("prompt_file"))
        }
        let severity = map.choice("severity", [Severity.blocker, .warning, .info], default: PipelineConfig.Defaults.severity,
                                  diagnostics: &diagnostics)
        let include = readGlobs(map, "include_paths", diagnostics: &diagnostics)
        let exclude = readGlobs(map, "exclude_paths", diagnostics: &diagnostics)
        guard diagnostics.count == before, let name, let model, let promptFile, let severity, let enabled,
              let include, let exclude
        else { return (nil, prompt) }
        let pipeline = PipelineConfig(name: name, model: model, promptFile: promptFile, severity: severity,
                                      enabled: enabled, includePaths: include, excludePaths: exclude)
        return (pipeline, prompt)
    }

    /// A list of path globs; nil (with errors) when any item is not a string. Diff paths never
    /// start with `/` or `./`, so a pattern written that way (meaning "from the repository root")
    /// has it removed rather than never matching; a trailing `/` (meaning "a folder") is removed
    /// too, since a pattern matching a folder covers everything in it (`PathMatcher`).
    static func readGlobs(_ map: ConfigMapping, _ key: String, diagnostics: inout ConfigDiagnostics) -> [Glob]? {
        map.stringList(key, diagnostics: &diagnostics)?.map { item in
            var pattern = Substring(item.value)
            while pattern.hasPrefix("./") { pattern = pattern.dropFirst(2) }
            while pattern.hasPrefix("/") { pattern = pattern.dropFirst() }
            while pattern.hasSuffix("/") { pattern = pattern.dropLast() }
            return Glob(pattern.isEmpty ? item.value : String(pattern))
        }
    }
}
