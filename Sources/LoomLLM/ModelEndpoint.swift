// ModelEndpoint: one configured model (a `models` entry of `.loom/config.yaml`) resolved for calling.

/// Everything needed to call one model: where, which, with what key, and how patiently.
///
/// Built from a repository's `models` entry (SPEC §5) after the key named by `api_key_env` has been
/// looked up, so this module never reads the environment itself.
public struct ModelEndpoint: Hashable, Sendable {
    /// The wire protocol the endpoint speaks.
    public enum Provider: String, Hashable, Sendable {
        /// `POST {base_url}/chat/completions`: OpenAI and every server that copies it (Ollama,
        /// OpenRouter, vLLM, LM Studio, llama.cpp, Azure-style gateways).
        case openai
        /// `POST {base_url}/messages`: Anthropic's Messages API.
        case anthropic
    }

    public var provider: Provider
    /// E.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`, `https://api.anthropic.com/v1`.
    public var baseURL: String
    /// The model id sent to the API, e.g. `gpt-4o-mini` or `claude-sonnet-4-5`.
    public var model: String
    /// The key; nil for keyless local models, in which case no credential header is sent at all.
    public var apiKey: String?
    /// 0–2 (Anthropic accepts 0–1; higher values are clamped for it, see `AnthropicChatModel`).
    public var temperature: Double
    /// The most tokens the reply may use.
    public var maxTokens: Int
    /// One attempt's whole-request timeout (each retry gets a fresh one).
    public var timeout: Duration
    /// Tokens the model accepts, prompt and reply together; the review uses it to size chunks.
    public var contextWindow: Int
    /// Ask for a JSON object reply (`response_format`; OpenAI-compatible only).
    public var jsonMode: Bool
    /// Extra attempts after the first on transient failures, clamped to 0–5 (SPEC §5 `max_retries`).
    public var maxRetries: Int

    public init(provider: Provider = .openai, baseURL: String, model: String, apiKey: String? = nil,
                temperature: Double = 0, maxTokens: Int = 4000, timeout: Duration = .seconds(60),
                contextWindow: Int = 128_000, jsonMode: Bool = false, maxRetries: Int = 3) {
        self.provider = provider
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.timeout = timeout
        self.contextWindow = contextWindow
        self.jsonMode = jsonMode
        self.maxRetries = min(max(maxRetries, 0), 5)
    }

    /// The key if one is set and not blank: an empty `*_API_KEY` variable means "keyless", and
    /// sending `Bearer ` with nothing after it makes some local servers answer 401.
    var usableKey: String? {
        guard let apiKey, apiKey.contains(where: { !$0.isWhitespace }) else { return nil }
        return apiKey
    }

    /// `baseURL` joined with `path` by exactly one slash, whatever either side brings.
    ///
    /// `https://openrouter.ai/api/v1/` + `/chat/completions` must not become `v1//chat`, which some
    /// gateways answer with 404.
    public func url(for path: String) -> String {
        var base = Substring(baseURL)
        while base.last == "/" { base.removeLast() }
        var tail = Substring(path)
        while tail.first == "/" { tail.removeFirst() }
        return "\(base)/\(tail)"
    }
}

extension ModelEndpoint {
    /// A request for `messages` with this endpoint's configured temperature, max tokens and JSON mode.
    public func request(_ messages: [ChatMessage]) -> ChatRequest {
        ChatRequest(messages: messages, temperature: temperature, maxTokens: maxTokens, jsonMode: jsonMode)
    }

    /// Tokens a prompt may use: the context window minus the room kept for the reply (SPEC §6.4).
    public var promptBudget: Int { max(contextWindow - maxTokens, 0) }
}
