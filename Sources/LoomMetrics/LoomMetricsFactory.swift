// LoomMetricsFactory: the swift-metrics backend: swift-prometheus for most types, TimerHistogram for timers.

import CoreMetrics
import Prometheus

/// The `MetricsFactory` that `LoomMetricsSystem.bootstrap()` installs.
///
/// Counters, floating-point counters, meters and recorders go to swift-prometheus unchanged (they
/// are already cheap: one atomic). Timers become ``TimerHistogram``s in the registry's own store,
/// with Loom's buckets, because swift-prometheus's histogram is too slow for the per-request path.
/// Either way the metric keeps exactly its swift-metrics label as its Prometheus name.
struct LoomMetricsFactory: MetricsFactory {
    let prometheus: PrometheusMetricsFactory
    let timers: TimerHistogramStore
    /// Timer bucket upper bounds in nanoseconds, ascending.
    let timerBounds: [Int64]

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        prometheus.makeCounter(label: label, dimensions: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        prometheus.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        prometheus.makeMeter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        prometheus.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        timers.histogram(name: label, labels: dimensions, bounds: timerBounds)
    }

    func destroyCounter(_ handler: any CounterHandler) { prometheus.destroyCounter(handler) }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        prometheus.destroyFloatingPointCounter(handler)
    }

    func destroyMeter(_ handler: any MeterHandler) { prometheus.destroyMeter(handler) }

    func destroyRecorder(_ handler: any RecorderHandler) { prometheus.destroyRecorder(handler) }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? TimerHistogram { timers.remove(histogram) }
    }
}
