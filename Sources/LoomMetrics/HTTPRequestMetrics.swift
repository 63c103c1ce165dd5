// HTTPRequestMetrics: per-loop-thread cache of the HTTP request counter and duration histogram.

public import CoreMetrics

/// Records `loom_http_requests_total{method,route,status}` and
/// `loom_http_request_duration_seconds{method,route}` for every HTTP request.
///
/// Creating a swift-metrics `Counter` or `Timer` goes through the factory and a registry lock and
/// allocates, far too slow per request. So each label set is created once and cached here; the
/// steady state is one probe of a small hash table, one atomic increment on the counter and two on
/// the histogram, with no allocation and no lock.
///
/// **Not thread-safe, on purpose.** Create one instance per event-loop thread and use it only from
/// that thread: the cache has no lock, which is what keeps `record` cheap. The metrics it feeds
/// live in the shared registry, which is thread-safe, so the instances of all loops add up to one
/// series per label set.
///
/// Labels must stay low-cardinality: `route` is the route *pattern* (`/webhooks/{platform}`, or
/// `unmatched` when no route matched), never the raw path; `method` should be a known method or a
/// fixed placeholder for unknown ones. Each distinct key costs one cache entry forever.
public final class HTTPRequestMetrics {
    /// One cached label set and the two metrics it selects. The timer has no `status` label, so
    /// entries differing only in status share one underlying histogram.
    private final class Entry {
        let method: String
        let route: String
        let status: Int
        let requests: CoreMetrics.Counter
        let duration: CoreMetrics.Timer

        init(method: String, route: String, status: Int, requests: CoreMetrics.Counter, duration: CoreMetrics.Timer) {
            self.method = method
            self.route = route
            self.status = status
            self.requests = requests
            self.duration = duration
        }

        func record(_ nanoseconds: Int64) {
            requests.increment()
            duration.recordNanoseconds(nanoseconds)
        }
    }

    private let factory: any MetricsFactory
    /// Owns the entries; `slots` only points at them.
    private var entries: [Entry] = []
    /// Open addressing with linear probing; the capacity is a power of two, at most half full.
    /// A hand-rolled table rather than `Dictionary`, whose SipHash over both strings cost more than
    /// the rest of `record` together. Slots are `Unmanaged` so that a lookup borrows the entry
    /// instead of retaining and releasing it (two atomic operations, a fifth of `record`'s cost).
    private var slots: [Unmanaged<Entry>?] = Array(repeating: nil, count: 32)

    /// Creates a cache that makes its metrics with `factory`.
    ///
    /// The default is the factory installed by ``LoomMetricsSystem/bootstrap()``, read now, so
    /// bootstrap first. Tests pass a fresh ``MetricsRegistry``'s ``MetricsRegistry/factory`` to get
    /// counts nobody else in the process touches.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Counts one request and records its duration.
    ///
    /// - Parameters:
    ///   - method: The request method, e.g. `GET`.
    ///   - route: The matched route pattern, or `unmatched`.
    ///   - status: The response status code.
    ///   - durationNanoseconds: Time from the start of the request to the end of the response.
    public func record(method: String, route: String, status: Int, durationNanoseconds: UInt64) {
        let nanoseconds = Int64(clamping: durationNanoseconds)
        let mask = slots.count - 1
        var index = Self.hash(method: method, route: route, status: status) & mask
        while let slot = slots[index] {
            // Safe: `entries` keeps every entry alive for the life of `self`.
            let recorded = slot._withUnsafeGuaranteedRef { entry in
                guard entry.status == status, entry.route == route, entry.method == method else { return false }
                entry.record(nanoseconds)
                return true
            }
            if recorded { return }
            index = (index + 1) & mask
        }
        insert(method: method, route: route, status: status).record(nanoseconds)
    }

    /// The number of cached label sets; for tests and for spotting label-cardinality leaks.
    public var cachedLabelSets: Int { entries.count }

    /// A cheap hash from O(1) facts about the key: the status and both lengths.
    ///
    /// Keys are few, and a collision only costs one more (memcmp-fast) string comparison, so
    /// hashing every byte would cost more than the collisions it avoids.
    private static func hash(method: String, route: String, status: Int) -> Int {
        var h = UInt64(truncatingIfNeeded: status)
        h = h &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: route.utf8.count)
        h = h &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: method.utf8.count)
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    /// Builds the metrics for a label set seen for the first time (the slow path: allocates).
    @inline(never)
    private func insert(method: String, route: String, status: Int) -> Entry {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let entry = Entry(
            method: method, route: route, status: status,
            requests: CoreMetrics.Counter(
                label: MetricsNames.httpRequestsTotal,
                dimensions: [("method", method), ("route", route), ("status", String(status))],
                factory: factory),
            duration: CoreMetrics.Timer(
                label: MetricsNames.httpRequestDurationSeconds,
                dimensions: [("method", method), ("route", route)],
                factory: factory))
        entries.append(entry)
        place(entry, in: &slots)
        return entry
    }

    private func grow() {
        var bigger = [Unmanaged<Entry>?](repeating: nil, count: slots.count * 2)
        for entry in entries { place(entry, in: &bigger) }
        slots = bigger
    }

    private func place(_ entry: Entry, in table: inout [Unmanaged<Entry>?]) {
        let mask = table.count - 1
        var index = Self.hash(method: entry.method, route: entry.route, status: entry.status) & mask
        while table[index] != nil { index = (index + 1) & mask }
        table[index] = Unmanaged.passUnretained(entry)
    }
}

/// Deliberately not `Sendable`: see the type's documentation.
@available(*, unavailable)
extension HTTPRequestMetrics: Sendable {}
