// TimerHistogramStore: the registry of TimerHistograms, by name and label set, and their exposition.

import Synchronization

/// Holds every ``TimerHistogram`` of one ``MetricsRegistry`` and renders them.
///
/// Lookups take a mutex, but they happen only when a `Timer` is created; recording goes straight to
/// the histogram object the caller holds.
final class TimerHistogramStore: Sendable {
    /// All series of one metric name. The bounds are fixed by the first series, because Prometheus
    /// cannot aggregate series of one histogram that disagree on buckets.
    private struct Family {
        var bounds: [Int64]
        var le: [String]
        var series: [[UInt8]: TimerHistogram]
    }

    private let families = Mutex<[String: Family]>([:])

    /// The histogram for `name` and `labels`, created with `bounds` (nanoseconds, ascending) if new.
    func histogram(name: String, labels: [(String, String)], bounds: [Int64]) -> TimerHistogram {
        let name = PrometheusText.sanitize(name)
        let rendered = PrometheusText.renderLabels(labels)
        return families.withLock { families in
            var family = families[name] ?? Family(
                bounds: bounds, le: bounds.map { PrometheusText.seconds(nanoseconds: $0) }, series: [:])
            if let existing = family.series[rendered] { return existing }
            let histogram = TimerHistogram(name: name, labels: rendered, bounds: family.bounds)
            family.series[rendered] = histogram
            families[name] = family
            return histogram
        }
    }

    /// Drops `histogram` from the exposition (swift-metrics `destroyTimer`).
    func remove(_ histogram: TimerHistogram) {
        families.withLock { families in
            guard var family = families[histogram.name], family.series[histogram.labels] === histogram
            else { return }
            family.series[histogram.labels] = nil
            families[histogram.name] = family.series.isEmpty ? nil : family
        }
    }

    /// Appends every family, sorted by name and then label set so scrapes are stable and diffable.
    func emit(into buffer: inout [UInt8]) {
        // Copy under the lock, format outside it: formatting allocates and must not stall a loop
        // thread that is creating a Timer.
        let snapshot = families.withLock { $0 }
        for name in snapshot.keys.sorted() {
            let family = snapshot[name]!
            PrometheusText.appendType(name, "histogram", to: &buffer)
            for labels in family.series.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                family.series[labels]!.emit(into: &buffer, le: family.le)
            }
        }
    }
}
