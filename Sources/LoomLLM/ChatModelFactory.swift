// ChatModelFactory: builds the ChatModel for an endpoint, with the HTTP client, time and randomness injected.

public import CoreMetrics
public import LoomCore
public import LoomHTTPClient
public import Logging

/// The model client for `endpoint`: an `OpenAIChatModel` or an `AnthropicChatModel`.
///
/// - Parameters:
///   - client: sends the HTTP requests (`CurlHTTPClient` in production).
///   - clock: measures call durations for `loom_llm_request_duration_seconds`; its wall clock
///     turns an HTTP-date `Retry-After` into a delay.
///   - sleep: every wait between attempts goes through it, so tests record waits instead of sleeping.
///     When it throws (the task was cancelled) the call ends with `.network`.
///   - random: draws in `0..<1` for backoff jitter.
///   - backoff: the exponential backoff's base, cap and the longest `Retry-After` honoured.
///   - metricsFactory: where the metrics go; nil means the process-wide `MetricsSystem.factory`.
public func makeChatModel(
    endpoint: ModelEndpoint,
    client: any HTTPClient,
    clock: any Clock = SystemClock(),
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
    backoff: RetryBackoff = RetryBackoff(),
    metricsFactory: (any MetricsFactory)? = nil,
    logger: Logger = Logger(label: "loom.llm")
) -> any ChatModel {
    let loop = ModelCallLoop(
        endpoint: endpoint, client: client, clock: clock, sleep: sleep, random: random, backoff: backoff,
        metrics: LLMMetrics(model: endpoint.model, factory: metricsFactory ?? MetricsSystem.factory), logger: logger)
    switch endpoint.provider {
    case .openai: return OpenAIChatModel(endpoint: endpoint, loop: loop)
    case .anthropic: return AnthropicChatModel(endpoint: endpoint, loop: loop)
    }
}
