// ComponentHealth: the state of one dependency (database, queue) as /health reports it.

/// Whether a dependency answered its last probe.
public enum ComponentHealth: String, Sendable {
    case healthy
    case unhealthy
}

/// Something /health checks: a name and a probe that must not block a loop thread.
public struct HealthProbe: Sendable {
    /// The key under `components` (`database`, `queue`).
    public let name: String
    /// Returns normally when the component is reachable; throws with the reason otherwise.
    public let check: @Sendable () async throws -> Void

    public init(name: String, check: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.check = check
    }
}
