// MetricsExposition: renders the /metrics response body (process metrics, then the registry).

/// Produces the Prometheus text exposition (format 0.0.4) served at `GET /metrics`.
///
/// Cheap to copy and `Sendable`; rendering may run on any thread, concurrently with recording.
public struct MetricsExposition: Sendable {
    /// The `Content-Type` of ``render()``'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The registry whose metrics follow the process metrics.
    public let registry: MetricsRegistry

    /// An exposition of `registry`, by default the process-wide one (bootstrapping it if needed).
    public init(registry: MetricsRegistry = LoomMetricsSystem.bootstrap()) {
        self.registry = registry
    }

    /// The response body: a fresh ``ProcessMetrics`` sample, then every metric in the registry,
    /// each with a `# HELP` line (see `MetricsHelp`) so the output passes `promtool check metrics`.
    ///
    /// Process metrics are sampled here and only here, so they cost nothing between scrapes.
    public func render() -> [UInt8] {
        // A typical body is a few KiB; reserving avoids a chain of doublings on every scrape.
        var body: [UInt8] = []
        body.reserveCapacity(8 * 1024)
        registry.emit(into: &body)
        var output: [UInt8] = []
        output.reserveCapacity(body.count + 2 * 1024)
        ProcessMetrics.sample().emit(into: &output)
        MetricsHelp.insertMissingHelp(from: body, into: &output)
        return output
    }
}
