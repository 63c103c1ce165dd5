// ConfigLoader+Models: reads and validates the `models` section.

import Yams

extension ConfigLoader {
    struct Models {
        var settings: [String: ModelSettings] = [:]
        /// Every name the file defines, valid or not, so pipelines naming an invalid model get
        /// one error (on the model), not two.
        var names: [String] = []
    }

    static func readModels(_ top: ConfigMapping, diagnostics: inout ConfigDiagnostics) -> Models {
        var models = Models()
        guard let node = top.require("models", "at least one model (a name mapped to base_url and model)",
                                     diagnostics: &diagnostics),
              let section = ConfigMapping(node, path: "models", line: top.line(of: "models"), known: nil,
                                          diagnostics: &diagnostics)
        else { return models }
        if section.keys.isEmpty {
            diagnostics.add(line: top.line(of: "models"), path: "models", "at least one model is required")
        }
        for name in section.keys {
            models.names.append(name)
            let path = section.join(name)
            let line = section.line(of: name)
            let validName = ConfigRules.isModelName(name)
            if !validName {
                diagnostics.add(line: line, path: path,
                                "model names may contain only letters, digits, `_` and `-` (got \(ConfigMapping.quote(name)))")
            }
            guard let body = section.require(name, "a mapping with at least base_url and model", diagnostics: &diagnostics),
                  let mapping = ConfigMapping(body, path: path, line: line, known: ConfigSchema.model, diagnostics: &diagnostics),
                  let settings = readModel(name, mapping, diagnostics: &diagnostics), validName
            else { continue }
            models.settings[name] = settings
        }
        return models
    }

    private static func readModel(_ name: String, _ map: ConfigMapping, diagnostics: inout ConfigDiagnostics) -> ModelSettings? {
        let before = diagnostics.count
        var baseURL: String?
        if map.require("base_url", "the API's base URL, like https://api.openai.com/v1", diagnostics: &diagnostics) != nil,
           let raw = map.string("base_url", diagnostics: &diagnostics) {
            baseURL = ConfigRules.normalizedBaseURL(raw)
            if baseURL == nil {
                diagnostics.add(line: map.line(of: "base_url"), path: map.join("base_url"),
                                "must be an http:// or https:// URL with a host (got \(ConfigMapping.quote(raw)))")
            }
        }
        var model: String?
        if map.require("model", "the model name the API expects", diagnostics: &diagnostics) != nil,
           let raw = map.string("model", diagnostics: &diagnostics) {
            model = raw
            if raw.allSatisfy(\.isWhitespace) {
                diagnostics.add(line: map.line(of: "model"), path: map.join("model"), "must not be empty")
            }
        }
        var apiKeyEnv: String?
        if let raw = map.string("api_key_env", diagnostics: &diagnostics) {
            if let problem = ConfigRules.apiKeyEnvProblem(raw) {
                diagnostics.add(line: map.line(of: "api_key_env"), path: map.join("api_key_env"), problem)
            } else {
                apiKeyEnv = raw
            }
        }
        let provider = map.choice("provider", ModelProvider.allCases, default: ModelSettings.Defaults.provider,
                                  diagnostics: &diagnostics)
        let temperature = map.double("temperature", in: 0...2, default: ModelSettings.Defaults.temperature,
                                     diagnostics: &diagnostics)
        let maxTokens = map.int("max_tokens", in: 1...128_000, default: ModelSettings.Defaults.maxTokens,
                                diagnostics: &diagnostics)
        let timeout = map.int("timeout", in: 1...300, default: ModelSettings.Defaults.timeoutSeconds,
                              diagnostics: &diagnostics)
        let contextWindow = map.int("context_window", in: 1...Int.max, default: ModelSettings.Defaults.contextWindow,
                                    diagnostics: &diagnostics)
        let jsonMode = map.bool("json_mode", default: ModelSettings.Defaults.jsonMode, diagnostics: &diagnostics)
        if let contextWindow, let maxTokens, contextWindow <= maxTokens {
            // The prompt budget is context_window - max_tokens; with nothing left no diff fits.
            diagnostics.add(line: map.line(of: "context_window"), path: map.join("context_window"),
                            "must be larger than max_tokens (\(maxTokens)), or nothing is left for the prompt (got \(contextWindow))")
        }
        guard diagnostics.count == before, let baseURL, let model, let provider, let temperature, let maxTokens,
              let timeout, let contextWindow, let jsonMode
        else { return nil }
        return ModelSettings(name: name, baseURL: baseURL, model: model, apiKeyEnv: apiKeyEnv, provider: provider,
                             temperature: temperature, maxTokens: maxTokens, timeoutSeconds: timeout,
                             contextWindow: contextWindow, jsonMode: jsonMode)
    }
}
