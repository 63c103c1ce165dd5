// ModelCallLoop: one model call as a series of attempts (send, classify, wait, retry), shared by both providers.

import LoomCore
import LoomHTTPClient
import Logging

/// A 2xx body read as a reply.
struct ParsedReply: Sendable {
    var content: String
    var usage: TokenUsage
    var model: String
    var truncated: Bool
}

/// The retry loop of SPEC §6.5 around a provider's request and reply parser.
///
/// Retries transient failures (timeouts, network errors, 429, 5xx) up to `endpoint.maxRetries`
/// times, waiting what the server asked (`Retry-After`) or else an exponential backoff with jitter,
/// always through the injected `sleep` so tests never really wait. Everything else fails at once.
struct ModelCallLoop: Sendable {
    let endpoint: ModelEndpoint
    let client: any HTTPClient
    let clock: any Clock
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double
    let backoff: RetryBackoff
    let metrics: LLMMetrics
    let logger: Logger

    /// Runs `request` until a reply parses or the retries are spent; records the call's metrics.
    func run(_ request: HTTPClientRequest,
             parse: @Sendable (HTTPClientResponse) throws(AttemptFailure) -> ParsedReply) async throws(ChatModelError) -> ChatResponse {
        let started = clock.now()
        var usage = TokenUsage.zero
        var attempt = 0
        while true {
            attempt += 1
            let failure: AttemptFailure
            do {
                let reply = try await attemptOnce(request, parse: parse)
                usage = usage + reply.usage
                metrics.record(outcome: "success", usage: usage, duration: clock.now() - started)
                return ChatResponse(content: reply.content, usage: usage, model: reply.model, attempts: attempt, truncated: reply.truncated)
            } catch {
                failure = error
            }
            usage = usage + failure.usage
            let retriesUsed = attempt - 1
            guard failure.retryable, retriesUsed < endpoint.maxRetries, !Task.isCancelled else {
                throw finish(failure.error, usage: usage, started: started)
            }
            guard let wait = backoff.wait(beforeRetry: retriesUsed, serverHint: failure.serverDelay, random: random()) else {
                let asked = failure.serverDelay.map { Int($0.seconds.rounded(.up)) } ?? 0
                let error = ChatModelError.rateLimited(
                    "\(failure.error) (the server asked to wait \(asked) s, longer than one call waits; the job will retry later)")
                throw finish(error, usage: usage, started: started)
            }
            logger.warning("model call failed; retrying", metadata: [
                "model": "\(endpoint.model)", "attempt": "\(attempt)", "error": "\(failure.error.metricLabel)",
                "retry_in_ms": "\(wait.nanosecondsClamped / 1_000_000)",
            ])
            do {
                try await sleep(wait)
            } catch {
                throw finish(.network("cancelled while waiting to retry after: \(failure.error)"), usage: usage, started: started)
            }
        }
    }

    /// One HTTP exchange, classified.
    private func attemptOnce(_ request: HTTPClientRequest,
                             parse: (HTTPClientResponse) throws(AttemptFailure) -> ParsedReply) async throws(AttemptFailure) -> ParsedReply {
        let response: HTTPClientResponse
        do {
            response = try await client.send(request)
        } catch {
            throw ModelCallLoop.transportFailure(error)
        }
        guard (200..<300).contains(response.status) else {
            let hint = RetryHint.delay(header: { response.header($0) }, wallNanoseconds: clock.wallNanoseconds())
            throw ModelErrorClassifier.classify(status: response.status, body: response.body, serverDelay: hint)
        }
        return try parse(response)
    }

    private func finish(_ error: ChatModelError, usage: TokenUsage, started: Instant) -> ChatModelError {
        metrics.record(outcome: error.metricLabel, usage: usage, duration: clock.now() - started)
        return error
    }

    /// No HTTP answer at all. Retried unless the request itself is at fault (a bad URL, a redirect
    /// loop) or the caller gave up (cancellation): those fail the same way every time.
    static func transportFailure(_ error: HTTPClientError) -> AttemptFailure {
        switch error {
        case .timeout: AttemptFailure(error: .timeout, retryable: true)
        case .connectionFailed(let message): AttemptFailure(error: .network(message), retryable: true)
        case .tls(let message): AttemptFailure(error: .network("TLS: \(message)"), retryable: true)
        case .other(let message): AttemptFailure(error: .network(message), retryable: true)
        case .invalidURL, .tooManyRedirects, .cancelled: AttemptFailure(error: .network(error.description), retryable: false)
        }
    }
}
