// LoomMetricsSystem: the one-per-process bootstrap of swift-metrics onto Loom's registry.

import CoreMetrics

/// Wires swift-metrics to a ``MetricsRegistry`` once per process and hands out that registry.
///
/// `MetricsSystem.bootstrap` may run only once per process (a second call traps), but the server,
/// the benchmark and every test in one test process all want "the" registry, so `bootstrap()` is
/// idempotent: the first call creates the registry and bootstraps, later calls return the same one.
///
/// A swift-metrics `Counter`, `Meter` or `Recorder` is exposed by swift-prometheus, and a `Timer`
/// by a `TimerHistogram`, each under exactly its swift-metrics label (`Counter` with
/// `# TYPE … counter`, `Timer` as a histogram in seconds), so the names in ``MetricsNames`` can be
/// used as labels verbatim.
public enum LoomMetricsSystem {
    /// Histogram bucket upper bounds, in microseconds, shared by every duration metric.
    ///
    /// One set spans both ends: HTTP requests take tens of microseconds, LLM calls and review jobs take
    /// minutes. The swift-prometheus defaults (5 ms … 10 s) would put every HTTP request in the first
    /// bucket and every review job in `+Inf`.
    static let bucketMicroseconds: [Int64] = [
        100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
        1_000_000, 2_500_000, 5_000_000, 10_000_000, 30_000_000, 60_000_000, 120_000_000, 300_000_000,
    ]

    /// The duration buckets (0.0001 s … 300 s) used for every swift-metrics `Timer`.
    public static let durationBuckets: [Duration] = bucketMicroseconds.map { .microseconds($0) }

    /// The same buckets in seconds, for duration histograms recorded as plain numbers.
    public static let secondsBuckets: [Double] = bucketMicroseconds.map { Double($0) / 1_000_000 }

    /// The process-wide registry; initialising it bootstraps swift-metrics.
    ///
    /// A `static let` is initialised exactly once, under the runtime's once-lock, even when many
    /// threads race to the first use, which is precisely the guarantee `MetricsSystem` needs.
    private static let shared: MetricsRegistry = {
        let registry = MetricsRegistry()
        MetricsSystem.bootstrap(registry.factory)
        return registry
    }()

    /// Bootstraps swift-metrics on first call and returns the process-wide registry on every call.
    ///
    /// Call it before creating any swift-metrics `Counter`/`Timer`: metrics created earlier bind to
    /// the no-op backend and are never exported.
    @discardableResult
    public static func bootstrap() -> MetricsRegistry {
        shared
    }
}
