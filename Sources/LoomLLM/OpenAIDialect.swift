// OpenAIDialect: the request-body variations OpenAI's reasoning models demand, learnt from their 400s.

import Synchronization

/// How a chat completion body spells its limits for one model.
///
/// OpenAI's reasoning models (o1, o3, gpt-5, …) reject `max_tokens` ("Unsupported parameter:
/// 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.") and any
/// temperature but the default ("Unsupported value: 'temperature' does not support 0 with this
/// model."). Every other compatible server wants `max_tokens`, so that stays the first try; a 400
/// saying otherwise switches the dialect, the request is sent again at once, and the model
/// remembers the switch so later calls are right the first time. (The rejected try still shows in
/// `loom_llm_requests_total` as `rejected`: it was a real round trip to the provider.)
struct OpenAIDialect: Hashable, Sendable {
    /// `max_tokens`, or `max_completion_tokens` for reasoning models.
    var maxTokensField = "max_tokens"
    /// False when the model accepts only its default temperature.
    var sendsTemperature = true

    /// The dialect that answers `error`, or nil when `error` is not about the dialect (or the
    /// adjustment was already made, so retrying would loop).
    func adjusted(after error: ChatModelError) -> OpenAIDialect? {
        guard case .rejected(400, let message) = error else { return nil }
        let text = message.lowercased()
        var next = self
        if text.contains("max_completion_tokens"), text.contains("max_tokens") {
            next.maxTokensField = "max_completion_tokens"
        }
        if text.contains("temperature"), text.contains("unsupported value") || text.contains("does not support") {
            next.sendsTemperature = false
        }
        return next == self ? nil : next
    }
}

/// The dialect one model has settled on, shared by its concurrent calls.
final class OpenAIDialectMemory: Sendable {
    private let dialect = Mutex(OpenAIDialect())

    var current: OpenAIDialect { dialect.withLock { $0 } }

    func remember(_ learnt: OpenAIDialect) { dialect.withLock { $0 = learnt } }
}
