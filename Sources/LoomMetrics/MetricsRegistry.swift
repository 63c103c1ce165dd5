// MetricsRegistry: one process's metrics: a swift-prometheus registry plus Loom's timer histograms.

public import CoreMetrics
public import Prometheus

/// Everything one exposition renders, and the swift-metrics factory that feeds it.
///
/// The process-wide instance comes from ``LoomMetricsSystem/bootstrap()``. Tests create their own
/// and pass ``factory`` to the type under test, so their counts are isolated from the rest of the
/// process.
public final class MetricsRegistry: Sendable {
    /// Holds counters, gauges and value histograms (from swift-metrics or made directly on it).
    public let prometheus: PrometheusCollectorRegistry
    /// Holds the histograms behind swift-metrics `Timer`s; see `TimerHistogram` for why.
    let timers: TimerHistogramStore
    /// A swift-metrics factory over this registry, configured with Loom's buckets.
    public let factory: any MetricsFactory

    /// Creates an empty registry.
    public init() {
        let prometheus = PrometheusCollectorRegistry()
        let timers = TimerHistogramStore()
        var prometheusFactory = PrometheusMetricsFactory(registry: prometheus)
        // A `Recorder(aggregate: true)` fed seconds would otherwise get the value defaults
        // (5 … 10000), useless for durations; give every SPEC `_seconds` name the seconds buckets.
        for name in MetricsNames.all where name.hasSuffix("_seconds") {
            prometheusFactory.valueHistogramBuckets[name] = LoomMetricsSystem.secondsBuckets
        }
        self.prometheus = prometheus
        self.timers = timers
        self.factory = LoomMetricsFactory(
            prometheus: prometheusFactory, timers: timers,
            timerBounds: LoomMetricsSystem.bucketMicroseconds.map { $0 * 1_000 })
    }

    /// Appends every metric in the Prometheus text format, without `# HELP` lines for metrics made
    /// through swift-metrics and without process metrics; ``MetricsExposition`` adds both.
    public func emit(into buffer: inout [UInt8]) {
        prometheus.emit(into: &buffer)
        timers.emit(into: &buffer)
    }
}
