// HealthEndpoint: GET /health, answered on the loop from the monitor's latest results.

import LoomCore
import LoomHTTP
import Synchronization

/// `GET /health` → 200 `{"status":"healthy"|"degraded",…}` or 503 `"unhealthy"` (SPEC §3).
///
/// Health checkers poll this constantly and the body only changes when a probe round finishes or
/// the second ticks, so the serialized response is cached and rebuilt only then.
final class HealthEndpoint: Sendable {
    private struct Cached {
        var second: Int64 = -1
        var checkedAt: Instant?
        var response = HTTPResponse(status: .ok)
    }

    let monitor: HealthMonitor
    let clock: any Clock
    private let cache = Mutex(Cached())

    init(monitor: HealthMonitor, clock: any Clock) {
        self.monitor = monitor
        self.clock = clock
    }

    func respond(_ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        let wall = clock.wallNanoseconds()
        let second = wall / 1_000_000_000
        let snapshot = monitor.snapshot
        return cache.withLock { cached in
            if cached.second != second || cached.checkedAt != snapshot.checkedAt {
                cached = Cached(second: second, checkedAt: snapshot.checkedAt, response: render(snapshot, wall: wall))
            }
            return cached.response
        }
    }

    private func render(_ snapshot: HealthMonitor.Snapshot, wall: Int64) -> HTTPResponse {
        // Stale after three missed rounds: the prober itself is stuck.
        let status = snapshot.status(now: clock.now(), staleAfter: monitor.interval * 3)
        var writer = JSONWriter(reservingCapacity: 160)
        writer.beginObject()
        writer.field("status", status)
        writer.field("version", LoomVersion.current)
        writer.field("timestamp", UTCDateTime(unixNanoseconds: wall).iso8601)
        writer.beginObject("components")
        for component in snapshot.components { writer.field(component.name, component.health.rawValue) }
        writer.endObject()
        writer.endObject()
        return .json(status == "unhealthy" ? .serviceUnavailable : .ok, writer.bytes,
                     headers: [("Cache-Control", "no-store")])
    }
}
