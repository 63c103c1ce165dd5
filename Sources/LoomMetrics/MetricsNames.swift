// MetricsNames: the SPEC §8 metric names, spelled once so no call site retypes (and mistypes) them.

/// Names of Loom's own metrics (SPEC §8).
///
/// Labels must stay low-cardinality: routes are route *patterns*, never raw paths, and no
/// repository names appear anywhere. The label names each metric takes are listed beside it.
public enum MetricsNames {
    /// Counter `{method, route, status}`: HTTP requests served.
    public static let httpRequestsTotal = "loom_http_requests_total"
    /// Histogram (seconds) `{method, route}`: time from request head to response written.
    public static let httpRequestDurationSeconds = "loom_http_request_duration_seconds"
    /// Counter `{platform, outcome}`: webhook deliveries received.
    public static let webhooksTotal = "loom_webhooks_total"
    /// Counter `{state}`: job state transitions.
    public static let jobsTotal = "loom_jobs_total"
    /// Gauge `{queue}`: jobs waiting.
    public static let queueDepth = "loom_queue_depth"
    /// Histogram (seconds): enqueue → start.
    public static let queueLatencySeconds = "loom_queue_latency_seconds"
    /// Histogram (seconds) `{outcome}`: one review job from start to end.
    public static let jobDurationSeconds = "loom_job_duration_seconds"
    /// Counter `{model, outcome}`: LLM calls.
    public static let llmRequestsTotal = "loom_llm_requests_total"
    /// Counter `{model, direction}`: LLM tokens, `direction` is `input` or `output`.
    public static let llmTokensTotal = "loom_llm_tokens_total"
    /// Histogram (seconds): one LLM call.
    public static let llmRequestDurationSeconds = "loom_llm_request_duration_seconds"
    /// Counter `{platform, status}`: calls to a code host's API.
    public static let platformRequestsTotal = "loom_platform_requests_total"
    /// Counter `{platform, kind}`: comments posted on pull requests.
    public static let commentsPostedTotal = "loom_comments_posted_total"
    /// Counter `{severity}`: findings produced.
    public static let findingsTotal = "loom_findings_total"

    /// Every name above, for tests and documentation.
    public static let all: [String] = [
        httpRequestsTotal, httpRequestDurationSeconds, webhooksTotal, jobsTotal, queueDepth,
        queueLatencySeconds, jobDurationSeconds, llmRequestsTotal, llmTokensTotal,
        llmRequestDurationSeconds, platformRequestsTotal, commentsPostedTotal, findingsTotal,
    ]
}
