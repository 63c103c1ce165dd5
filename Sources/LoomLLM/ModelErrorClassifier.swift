// ModelErrorClassifier: turns an HTTP error answer into a ChatModelError and whether retrying can help.

/// One failed attempt, classified.
struct AttemptFailure: Error, Sendable {
    var error: ChatModelError
    /// Whether another attempt may succeed (transient), as opposed to failing the same way again.
    var retryable: Bool
    /// How long the server asked us to wait, if it did.
    var serverDelay: Duration?
    /// Tokens the failed attempt still reported (a 2xx whose content was unusable is billed too).
    var usage: TokenUsage = .zero

    init(error: ChatModelError, retryable: Bool, serverDelay: Duration? = nil, usage: TokenUsage = .zero) {
        self.error = error
        self.retryable = retryable
        self.serverDelay = serverDelay
        self.usage = usage
    }
}

/// Maps provider error answers onto `ChatModelError` (SPEC §6.5).
///
/// One classifier serves both providers: OpenAI-compatible gateways (OpenRouter, LiteLLM) relay
/// Anthropic's wording and vice versa, so every known pattern is checked whatever the endpoint.
///
/// | answer | error | retried |
/// |---|---|---|
/// | code/type `insufficient_quota`, 402, Anthropic billing / spend-limit / "credit balance" | `.quotaExceeded` | no |
/// | `context_length_exceeded`, "maximum context length", "prompt is too long", 413 | `.contextTooLong` | no |
/// | 401, 403 | `.authentication` | no |
/// | 429 (other) | `.rateLimited` | yes, honouring `Retry-After` |
/// | 408 | `.timeout` | yes |
/// | 5xx, 529 overloaded | `.server` | yes |
/// | other 4xx and 1xx/3xx | `.rejected` | no |
enum ModelErrorClassifier {
    /// Classifies a non-2xx response (or a 2xx whose body is an error object).
    static func classify(status: Int, body: [UInt8], serverDelay: Duration?) -> AttemptFailure {
        classify(status: status, error: ProviderErrorBody(body: body), serverDelay: serverDelay)
    }

    static func classify(status: Int, error: ProviderErrorBody, serverDelay: Duration?) -> AttemptFailure {
        let message = error.message
        // Quota comes before the status switch: OpenAI sends it as a 429, which must not be retried.
        if isQuota(status: status, error) {
            return AttemptFailure(error: .quotaExceeded(message), retryable: false)
        }
        if status != 429, isContextTooLong(status: status, error) {
            return AttemptFailure(error: .contextTooLong(message), retryable: false)
        }
        switch status {
        case 401, 403:
            return AttemptFailure(error: .authentication(message), retryable: false)
        case 429:
            return AttemptFailure(error: .rateLimited(message), retryable: true, serverDelay: serverDelay)
        case 408:
            return AttemptFailure(error: .timeout, retryable: true, serverDelay: serverDelay)
        case 500...599:
            // 503 and Anthropic's 529 often carry Retry-After too; honour it like a 429's.
            return AttemptFailure(error: .server(status: status, message: message), retryable: true, serverDelay: serverDelay)
        default:
            return AttemptFailure(error: .rejected(status: status, message: message), retryable: false)
        }
    }

    /// Out of money, not out of breath: waiting will not help until someone pays or a month turns.
    static func isQuota(status: Int, _ error: ProviderErrorBody) -> Bool {
        if status == 402 { return true }
        let markers: Set<String> = ["insufficient_quota", "billing_error", "enforced_spend_limit_reached", "quota_exceeded"]
        if [error.code, error.type, error.detailCode].contains(where: { $0.map(markers.contains) ?? false }) { return true }
        let text = error.message.lowercased()
        return text.contains("credit balance is too low") || text.contains("exceeded your current quota")
            || (status == 400 && text.contains("api usage limits"))
    }

    /// The prompt does not fit: retrying the same text can never succeed; the caller must chunk.
    static func isContextTooLong(status: Int, _ error: ProviderErrorBody) -> Bool {
        if status == 413 { return true }
        let markers: Set<String> = ["context_length_exceeded", "exceed_context_size_error", "string_above_max_length"]
        if [error.code, error.type].contains(where: { $0.map(markers.contains) ?? false }) { return true }
        guard (400..<500).contains(status) || (200..<300).contains(status) else { return false }
        let text = error.message.lowercased()
        let phrases = [
            "maximum context length",  // OpenAI, vLLM, OpenRouter
            "context_length_exceeded",
            "prompt is too long",  // Anthropic
            "exceed context limit",  // Anthropic, older wording ("input length and `max_tokens` exceed context limit")
            "exceeds the available context size",  // llama.cpp server
            "context window",  // Mistral, Gemini-compatible gateways
            "too many tokens",
        ]
        return phrases.contains { text.contains($0) }
    }
}
