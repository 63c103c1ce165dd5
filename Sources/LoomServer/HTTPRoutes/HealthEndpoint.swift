// HealthEndpoint: GET /health, answered on the loop from the monitor's latest results.

import LoomCore
import LoomHTTP

/// `GET /health` → 200 `{"status":"healthy"|"degraded",…}` or 503 `"unhealthy"` (SPEC §3).
struct HealthEndpoint: Sendable {
    let monitor: HealthMonitor
    let clock: any Clock

    func respond(_ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        let snapshot = monitor.snapshot
        // Stale after three missed rounds: the prober itself is stuck.
        let status = snapshot.status(now: clock.now(), staleAfter: monitor.interval * 3)
        var writer = JSONWriter(reservingCapacity: 160)
        writer.beginObject()
        writer.field("status", status)
        writer.field("version", LoomVersion.current)
        writer.field("timestamp", UTCDateTime(unixNanoseconds: clock.wallNanoseconds()).iso8601)
        writer.beginObject("components")
        for component in snapshot.components { writer.field(component.name, component.health.rawValue) }
        writer.endObject()
        writer.endObject()
        return .json(status == "unhealthy" ? .serviceUnavailable : .ok, writer.bytes,
                     headers: [("Cache-Control", "no-store")])
    }
}
