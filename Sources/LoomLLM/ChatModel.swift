// ChatModel: one chat completion against an OpenAI-compatible or Anthropic model.

/// A message of a conversation.
public struct ChatMessage: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable { case system, user, assistant }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// What to ask.
public struct ChatRequest: Sendable {
    public var messages: [ChatMessage]
    public var temperature: Double
    public var maxTokens: Int
    /// Ask for a JSON response format (`response_format: {"type":"json_object"}` on OpenAI-compatible APIs).
    public var jsonMode: Bool

    public init(messages: [ChatMessage], temperature: Double = 0, maxTokens: Int = 4000, jsonMode: Bool = false) {
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.jsonMode = jsonMode
    }
}

/// Tokens one call used.
public struct TokenUsage: Hashable, Sendable {
    public var input: Int
    public var output: Int

    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
    }

    public static let zero = TokenUsage(input: 0, output: 0)

    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(input: lhs.input + rhs.input, output: lhs.output + rhs.output)
    }
}

/// The model's answer.
public struct ChatResponse: Sendable {
    public var content: String
    /// Usage summed over every attempt of this call (retries included).
    public var usage: TokenUsage
    /// The model that answered, as the API named it.
    public var model: String
    /// How many HTTP attempts it took (1 without retries).
    public var attempts: Int
    /// The reply stopped at `max_tokens` (OpenAI `finish_reason: "length"`, Anthropic
    /// `stop_reason: "max_tokens"`): the content is cut short, so a JSON reply may be incomplete.
    public var truncated: Bool

    public init(content: String, usage: TokenUsage, model: String, attempts: Int = 1, truncated: Bool = false) {
        self.content = content
        self.usage = usage
        self.model = model
        self.attempts = attempts
        self.truncated = truncated
    }
}

/// Why a model call failed, classified so the summary can say what to do.
public enum ChatModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 401/403: the key is missing, wrong or lacks access.
    case authentication(String)
    /// 429 that did not clear within the retries.
    case rateLimited(String)
    /// The account is out of credit or quota.
    case quotaExceeded(String)
    /// The prompt is longer than the model accepts.
    case contextTooLong(String)
    /// 5xx that did not clear within the retries.
    case server(status: Int, message: String)
    case timeout
    /// Connection, TLS, DNS problems.
    case network(String)
    /// A 2xx whose body is not the expected shape.
    case unparseable(String)
    /// Any other 4xx.
    case rejected(status: Int, message: String)

    public var description: String {
        switch self {
        case .authentication(let message): "authentication failed: \(message)"
        case .rateLimited(let message): "rate limited: \(message)"
        case .quotaExceeded(let message): "quota exceeded: \(message)"
        case .contextTooLong(let message): "prompt too long for the model: \(message)"
        case .server(let status, let message): "model server error \(status): \(message)"
        case .timeout: "the model did not answer in time"
        case .network(let message): "network error: \(message)"
        case .unparseable(let message): "unreadable model response: \(message)"
        case .rejected(let status, let message): "request rejected (\(status)): \(message)"
        }
    }

    /// The short label used in metrics (`outcome`).
    public var metricLabel: String {
        switch self {
        case .authentication: "auth_error"
        case .rateLimited: "rate_limited"
        case .quotaExceeded: "quota_exceeded"
        case .contextTooLong: "context_too_long"
        case .server: "server_error"
        case .timeout: "timeout"
        case .network: "network_error"
        case .unparseable: "unparseable"
        case .rejected: "rejected"
        }
    }
}

/// A configured model.
public protocol ChatModel: Sendable {
    /// The model name, for metrics and the summary.
    var name: String { get }
    func complete(_ request: ChatRequest) async throws(ChatModelError) -> ChatResponse
}
