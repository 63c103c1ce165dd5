// HTTPRetry: sends a request again after transport failures, 429s and 5xx, waiting as HTTPRetryPolicy says.

public import LoomCore

/// Retrying on top of any `HTTPClient`.
///
/// Every method is retried, so use it only for requests that are safe to repeat (reads, model
/// calls, idempotent writes); a POST that timed out may still have been applied by the server.
public enum HTTPRetry {
    /// Sends `request`, retrying up to `policy.maxRetries` times while the outcome is retryable
    /// (`HTTPRetryPolicy.isRetryable`). Returns the last response — possibly still a 429 or 5xx
    /// when retries ran out — or throws the last transport error.
    ///
    /// - Parameters:
    ///   - clock: wall time for `Retry-After` dates and rate-limit reset times.
    ///   - sleep: waits between attempts; tests pass one that records instead of sleeping.
    ///   - random: a value in [0, 1) for backoff jitter.
    public static func send(
        _ request: HTTPClientRequest,
        using client: any HTTPClient,
        policy: HTTPRetryPolicy = HTTPRetryPolicy(),
        clock: any LoomCore.Clock = SystemClock(),
        sleep: (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        random: () -> Double = { Double.random(in: 0..<1) }
    ) async throws(HTTPClientError) -> HTTPClientResponse {
        var retry = 0
        while true {
            let outcome: Result<HTTPClientResponse, HTTPClientError>
            do {
                outcome = .success(try await client.send(request))
            } catch {
                outcome = .failure(error)
            }
            let retryable = switch outcome {
            case .success(let response): HTTPRetryPolicy.isRetryable(response)
            case .failure(let error): HTTPRetryPolicy.isRetryable(error)
            }
            guard retryable, retry < policy.maxRetries, !Task.isCancelled else { return try outcome.get() }
            let response = try? outcome.get()
            await sleep(policy.delay(beforeRetry: retry, after: response, wallNanoseconds: clock.wallNanoseconds(), random: random()))
            guard !Task.isCancelled else { throw HTTPClientError.cancelled }
            retry += 1
        }
    }
}
