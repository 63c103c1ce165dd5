// TimerHistogram: a lock-free duration histogram behind every swift-metrics Timer.

import CoreMetrics
import Synchronization

/// A Prometheus histogram of durations, recorded in nanoseconds with two relaxed atomic adds.
///
/// swift-prometheus's own histogram takes a mutex and compares the value with every bucket bound
/// through an out-of-line `Duration` comparison: about 160 ns per observation (measured, release
/// build), more than the whole per-request budget of the HTTP server. Here a value is placed by a
/// short scan of integer bounds (an HTTP request stops in the first few) and only its own bucket is
/// incremented, about 18 ns; the cumulative counts Prometheus wants are summed at scrape time.
///
/// Reads at scrape time are not a snapshot: an observation racing with the scrape may be counted in
/// its bucket but not yet in `_sum`. `_count` and `+Inf` are derived from the buckets, so the
/// histogram is always internally consistent, which is what Prometheus' queries rely on.
final class TimerHistogram: TimerHandler, @unchecked Sendable {
    // @unchecked: `counts` is a raw pointer, but it only ever points to atomics, allocated in `init`
    // and freed in `deinit`, so sharing it between threads is safe.

    /// The sanitised metric name.
    let name: String
    /// The rendered label set, `a="x",b="y"`, empty when there are no labels.
    let labels: [UInt8]
    /// Bucket upper bounds in nanoseconds, ascending.
    private let bounds: [Int64]
    /// Per-bucket (not cumulative) counts; the last one is the `+Inf` overflow bucket.
    private let counts: UnsafeMutablePointer<Atomic<UInt64>>
    private let sumNanoseconds = Atomic<Int64>(0)

    init(name: String, labels: [UInt8], bounds: [Int64]) {
        self.name = name
        self.labels = labels
        self.bounds = bounds
        counts = .allocate(capacity: bounds.count + 1)
        for i in 0...bounds.count { (counts + i).initialize(to: Atomic(0)) }
    }

    deinit {
        counts.deinitialize(count: bounds.count + 1)
        counts.deallocate()
    }

    func recordNanoseconds(_ duration: Int64) {
        let value = max(duration, 0)
        var bucket = 0
        while bucket < bounds.count, value > bounds[bucket] { bucket += 1 }
        counts[bucket].wrappingAdd(1, ordering: .relaxed)
        sumNanoseconds.wrappingAdd(value, ordering: .relaxed)
    }

    /// Appends the `_bucket`, `_sum` and `_count` lines; `le` holds the rendered bounds.
    func emit(into buffer: inout [UInt8], le: [String]) {
        var cumulative: UInt64 = 0
        for bucket in 0...bounds.count {
            cumulative &+= counts[bucket].load(ordering: .relaxed)
            buffer.append(contentsOf: name.utf8)
            buffer.append(contentsOf: "_bucket{".utf8)
            if !labels.isEmpty {
                buffer.append(contentsOf: labels)
                buffer.append(UInt8(ascii: ","))
            }
            buffer.append(contentsOf: "le=\"".utf8)
            buffer.append(contentsOf: (bucket < bounds.count ? le[bucket] : "+Inf").utf8)
            buffer.append(contentsOf: "\"} ".utf8)
            buffer.append(contentsOf: String(cumulative).utf8)
            buffer.append(UInt8(ascii: "\n"))
        }
        let sum = PrometheusText.seconds(nanoseconds: sumNanoseconds.load(ordering: .relaxed))
        appendSample("_sum", sum, to: &buffer)
        appendSample("_count", String(cumulative), to: &buffer)
    }

    private func appendSample(_ suffix: String, _ value: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: suffix.utf8)
        if !labels.isEmpty {
            buffer.append(UInt8(ascii: "{"))
            buffer.append(contentsOf: labels)
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: value.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }
}
