// RepositoryConfiguration: a repository's review config and prompts read at a commit, cached five minutes.

import LoomCore
import LoomPlatforms

/// What a review runs with: the config and one prompt template per enabled pipeline.
struct LoadedConfiguration: Sendable {
    var config: ReviewConfig
    var prompts: [String: PromptTemplate]
    /// True when the repository had no `.loom/config.yaml` and the server default is used.
    var isBuiltInDefault: Bool
}

/// The outcome of reading a repository's configuration.
enum ConfigurationLoad: Sendable {
    case loaded(LoadedConfiguration)
    /// No config file and no server default model.
    case missing
    /// The YAML or a prompt file is invalid; each message names file, line and key.
    case invalid([ConfigError])
}

/// Reads `.loom/config.yaml` and the prompt files at a commit — always the base commit, so a PR
/// cannot change its own review rules — and keeps the result for five minutes per (repository,
/// commit) when the config allows caching.
actor RepositoryConfiguration {
    private struct Entry {
        let load: ConfigurationLoad
        let at: Instant
    }

    static let configPath = ".loom/config.yaml"
    private let clock: any Clock
    private let ttl: Duration
    private var cache: [String: Entry] = [:]

    init(clock: any Clock, ttl: Duration = .seconds(300)) {
        self.clock = clock
        self.ttl = ttl
    }

    func load(_ client: any PlatformClient, _ ref: PullRequestRef, commit: String,
              defaultModel: ModelSettings?) async throws -> ConfigurationLoad {
        let key = "\(ref.repository)@\(commit)"
        if let entry = cache[key], clock.now() - entry.at < ttl { return entry.load }
        let load = try await Self.read(client, ref, commit: commit, defaultModel: defaultModel)
        if case .loaded(let loaded) = load, !loaded.config.advanced.cacheConfig {
            cache[key] = nil
        } else {
            cache[key] = Entry(load: load, at: clock.now())
        }
        if cache.count > 256 { cache = cache.filter { clock.now() - $0.value.at < ttl } }
        return load
    }

    /// Parses `text` as a config (for the head-commit check of a PR that edits `.loom/`).
    static func validate(_ text: String) -> [ConfigError] {
        switch ConfigLoader.parse(yaml: text, source: configPath) {
        case .success: []
        case .failure(let errors): errors.errors
        }
    }

    private static func read(_ client: any PlatformClient, _ ref: PullRequestRef, commit: String,
                             defaultModel: ModelSettings?) async throws -> ConfigurationLoad {
        guard let bytes = try await client.file(ref, path: configPath, at: commit) else {
            return parse(configText: nil, promptTexts: [:], defaultModel: defaultModel)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Read each prompt file the config names (at the same commit), then parse everything.
        var promptTexts: [String: String] = [:]
        if case .success(let config) = ConfigLoader.parse(yaml: text, source: configPath) {
            for pipeline in config.enabledPipelines where pipeline.builtInPrompt == nil {
                let path = pipeline.repositoryPromptPath
                if promptTexts[path] == nil, let prompt = try await client.file(ref, path: path, at: commit) {
                    promptTexts[path] = String(decoding: prompt, as: UTF8.self)
                }
            }
        }
        return parse(configText: text, promptTexts: promptTexts, defaultModel: defaultModel)
    }

    /// Builds the configuration from the config text (nil: no file) and the prompt files'
    /// texts by repository path — shared by reviews and `loom review`.
    static func parse(configText: String?, promptTexts: [String: String], defaultModel: ModelSettings?) -> ConfigurationLoad {
        guard let configText else {
            guard let defaultModel else { return .missing }
            return prompts(for: ReviewConfig.builtInDefault(model: defaultModel), isBuiltInDefault: true) { _ in nil }
        }
        switch ConfigLoader.parse(yaml: configText, source: configPath) {
        case .success(let config): return prompts(for: config, isBuiltInDefault: false) { promptTexts[$0] }
        case .failure(let errors): return .invalid(errors.errors)
        }
    }

    private static func prompts(for config: ReviewConfig, isBuiltInDefault: Bool,
                                text: (String) -> String?) -> ConfigurationLoad {
        var prompts: [String: PromptTemplate] = [:]
        var errors: [ConfigError] = []
        for pipeline in config.enabledPipelines {
            switch pipeline.promptTemplate(fileText: pipeline.builtInPrompt == nil ? text(pipeline.repositoryPromptPath) : nil) {
            case .success(let template): prompts[pipeline.name] = template
            case .failure(let failure): errors += failure.errors
            }
        }
        if !errors.isEmpty { return .invalid(errors) }
        return .loaded(LoadedConfiguration(config: config, prompts: prompts, isBuiltInDefault: isBuiltInDefault))
    }
}
