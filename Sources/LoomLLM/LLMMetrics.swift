// LLMMetrics: the SPEC §8 model-call metrics for one model, made up front so recording is a few atomics.

import CoreMetrics
import LoomCore
import LoomMetrics

/// `loom_llm_requests_total{model,outcome}`, `loom_llm_tokens_total{model,direction}` and
/// `loom_llm_request_duration_seconds`.
///
/// Counted per call (`ChatModel.complete`), not per HTTP attempt: the outcome is what the review
/// saw, and the duration includes the waits between retries, because that is how long the review
/// was held up. `model` is the configured model id, a handful of values per installation.
struct LLMMetrics: Sendable {
    private let outcomes: [String: Counter]
    private let inputTokens: Counter
    private let outputTokens: Counter
    private let duration: Timer

    /// Every `outcome` label: `success` and each `ChatModelError.metricLabel`.
    static let outcomeLabels = ["success", "auth_error", "rate_limited", "quota_exceeded", "context_too_long",
                                "server_error", "timeout", "network_error", "unparseable", "rejected"]

    init(model: String, factory: any MetricsFactory) {
        outcomes = Dictionary(uniqueKeysWithValues: LLMMetrics.outcomeLabels.map {
            ($0, Counter(label: MetricsNames.llmRequestsTotal, dimensions: [("model", model), ("outcome", $0)], factory: factory))
        })
        inputTokens = Counter(label: MetricsNames.llmTokensTotal, dimensions: [("model", model), ("direction", "input")], factory: factory)
        outputTokens = Counter(label: MetricsNames.llmTokensTotal, dimensions: [("model", model), ("direction", "output")], factory: factory)
        duration = Timer(label: MetricsNames.llmRequestDurationSeconds, factory: factory)
    }

    /// Records one finished call: its outcome label, the tokens it used over all attempts, its duration.
    func record(outcome: String, usage: TokenUsage, duration elapsed: Duration) {
        outcomes[outcome]?.increment()
        if usage.input > 0 { inputTokens.increment(by: usage.input) }
        if usage.output > 0 { outputTokens.increment(by: usage.output) }
        duration.recordNanoseconds(Int64(clamping: elapsed.nanosecondsClamped))
    }
}
