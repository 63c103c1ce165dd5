// ModelSettings: one entry of `models` in `.loom/config.yaml` — where and how to call a model.

/// The wire protocol a model speaks.
public enum ModelProvider: String, CaseIterable, Hashable, Sendable {
    /// `POST {base_url}/chat/completions` (OpenAI and every compatible server).
    case openai
    /// `POST {base_url}/messages` with `x-api-key` and `anthropic-version`.
    case anthropic
}

/// A configured model, with every default of SPEC §5 filled in.
public struct ModelSettings: Hashable, Sendable {
    /// The key under `models` (`^[a-zA-Z0-9_-]+$`), referenced by `pipelines[].model`.
    public var name: String
    /// The API root, an `http`/`https` URL without trailing slashes.
    public var baseURL: String
    /// The model name sent to the API.
    public var model: String
    /// The name of the environment variable holding the key (never the key itself); nil for keyless servers.
    public var apiKeyEnv: String?
    /// Which API shape to speak (`openai` by default).
    public var provider: ModelProvider
    /// 0…2.
    public var temperature: Double
    /// Longest reply asked for, 1…128000 tokens.
    public var maxTokens: Int
    /// Per-request timeout, 1…300 seconds.
    public var timeoutSeconds: Int
    /// Tokens the model accepts in total; the prompt budget is `contextWindow - maxTokens`.
    public var contextWindow: Int
    /// Ask for a JSON response format.
    public var jsonMode: Bool

    /// Default values, as SPEC §5 lists them.
    public enum Defaults {
        public static let provider = ModelProvider.openai
        public static let temperature = 0.0
        public static let maxTokens = 4000
        public static let timeoutSeconds = 60
        public static let contextWindow = 128_000
        public static let jsonMode = false
    }

    public init(name: String, baseURL: String, model: String, apiKeyEnv: String? = nil,
                provider: ModelProvider = Defaults.provider, temperature: Double = Defaults.temperature,
                maxTokens: Int = Defaults.maxTokens, timeoutSeconds: Int = Defaults.timeoutSeconds,
                contextWindow: Int = Defaults.contextWindow, jsonMode: Bool = Defaults.jsonMode) {
        self.name = name
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.provider = provider
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeoutSeconds = timeoutSeconds
        self.contextWindow = contextWindow
        self.jsonMode = jsonMode
    }

    /// Tokens left for the prompt once the reply's share is reserved.
    public var promptBudget: Int { max(0, contextWindow - maxTokens) }
}
