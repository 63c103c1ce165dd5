// ModelSettings+ServerDefault: the server's default model, from the LOOM_DEFAULT_MODEL_* settings.

extension ModelSettings {
    /// The server's default model from `LOOM_DEFAULT_MODEL_BASE_URL`, `LOOM_DEFAULT_MODEL` and
    /// `LOOM_DEFAULT_MODEL_API_KEY_ENV`; nil when the URL or model is unset or blank (the job is
    /// then skipped with `no_config`). The operator chose these, so the repository rules for
    /// `api_key_env` do not apply; the URL still has to be http(s).
    public static func serverDefault(baseURL: String?, model: String?, apiKeyEnv: String?) -> ModelSettings? {
        guard let baseURL = baseURL.flatMap(ConfigRules.normalizedBaseURL),
              let model, !model.allSatisfy(\.isWhitespace)
        else { return nil }
        let keyEnv = apiKeyEnv.flatMap { $0.isEmpty ? nil : $0 }
        return ModelSettings(name: "default", baseURL: baseURL, model: model, apiKeyEnv: keyEnv)
    }
}
