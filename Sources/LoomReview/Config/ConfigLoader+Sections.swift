// ConfigLoader+Sections: reads the optional `triggers`, `output` and `advanced` sections.

import LoomCore
import Yams

extension ConfigLoader {
    /// The section's mapping, or nil when it is absent or null (all defaults) or not a mapping
    /// (error reported; `present` tells the two apart).
    private static func section(_ top: ConfigMapping, _ key: String, known: [String],
                                diagnostics: inout ConfigDiagnostics) -> (map: ConfigMapping?, present: Bool) {
        guard let node = top.value(key) else { return (nil, false) }
        return (ConfigMapping(node, path: key, line: top.line(of: key), known: known, diagnostics: &diagnostics), true)
    }

    static func readTriggers(_ top: ConfigMapping, diagnostics: inout ConfigDiagnostics) -> TriggerConfig? {
        let (map, present) = section(top, "triggers", known: ConfigSchema.triggers, diagnostics: &diagnostics)
        guard let map else { return present ? nil : TriggerConfig() }
        let branches = map.stringList("branches", diagnostics: &diagnostics)?.map { Glob($0.value) }
        let authors = map.stringList("ignore_authors", diagnostics: &diagnostics)?.map(\.value)
        let paths = readGlobs(map, "ignore_paths", diagnostics: &diagnostics)
        let minChanges = map.int("min_changes", in: 0...Int.max, default: TriggerConfig.Defaults.minChanges,
                                 diagnostics: &diagnostics)
        let maxChanges = map.int("max_changes", in: 1...Int.max, default: TriggerConfig.Defaults.maxChanges,
                                 diagnostics: &diagnostics)
        let maxFiles = map.int("max_files", in: 1...Int.max, default: TriggerConfig.Defaults.maxFiles,
                               diagnostics: &diagnostics)
        if let minChanges, let maxChanges, minChanges > maxChanges {
            // Every pull request would be either too small or too large.
            diagnostics.add(line: map.line(of: "min_changes"), path: map.join("min_changes"),
                            "must not exceed max_changes (\(maxChanges)), or no pull request is ever reviewed (got \(minChanges))")
            return nil
        }
        guard let branches, let authors, let paths, let minChanges, let maxChanges, let maxFiles else { return nil }
        return TriggerConfig(branches: branches, ignoreAuthors: authors, ignorePaths: paths, minChanges: minChanges,
                             maxChanges: maxChanges, maxFiles: maxFiles)
    }

    static func readOutput(_ top: ConfigMapping, diagnostics: inout ConfigDiagnostics) -> OutputConfig? {
        let (map, present) = section(top, "output", known: ConfigSchema.output, diagnostics: &diagnostics)
        guard let map else { return present ? nil : OutputConfig() }
        typealias Defaults = OutputConfig.Defaults
        let summary = map.bool("summary", default: Defaults.summary, diagnostics: &diagnostics)
        let inline = map.bool("inline_comments", default: Defaults.inlineComments, diagnostics: &diagnostics)
        let minSeverity = map.choice("min_severity", [Severity.blocker, .warning, .info], default: Defaults.minSeverity,
                                     diagnostics: &diagnostics)
        let maxComments = map.int("max_comments", in: 1...100, default: Defaults.maxComments, diagnostics: &diagnostics)
        let perFile = map.int("max_comments_per_file", in: 1...50, default: Defaults.maxCommentsPerFile,
                              diagnostics: &diagnostics)
        let group = map.bool("group_by_file", default: Defaults.groupByFile, diagnostics: &diagnostics)
        guard let summary, let inline, let minSeverity, let maxComments, let perFile, let group else { return nil }
        return OutputConfig(summary: summary, inlineComments: inline, minSeverity: minSeverity, maxComments: maxComments,
                            maxCommentsPerFile: perFile, groupByFile: group)
    }

    static func readAdvanced(_ top: ConfigMapping, diagnostics: inout ConfigDiagnostics) -> AdvancedConfig? {
        let (map, present) = section(top, "advanced", known: ConfigSchema.advanced, diagnostics: &diagnostics)
        guard let map else { return present ? nil : AdvancedConfig() }
        typealias Defaults = AdvancedConfig.Defaults
        let parallel = map.bool("parallel_pipelines", default: Defaults.parallelPipelines, diagnostics: &diagnostics)
        let cache = map.bool("cache_config", default: Defaults.cacheConfig, diagnostics: &diagnostics)
        let retry = map.bool("retry_on_error", default: Defaults.retryOnError, diagnostics: &diagnostics)
        let retries = map.int("max_retries", in: 0...5, default: Defaults.maxRetries, diagnostics: &diagnostics)
        guard let parallel, let cache, let retry, let retries else { return nil }
        return AdvancedConfig(parallelPipelines: parallel, cacheConfig: cache, retryOnError: retry, maxRetries: retries)
    }
}
