// StoreBackend: opens the store DATABASE_URL selects — the embedded SQLite file or PostgreSQL — and migrates it.

import LoomCore
import LoomPostgres
import LoomReactor
import LoomStore
import Logging

/// The store a process uses, with what to log about it.
struct StoreBackend: Sendable {
    let store: any Store
    /// `sqlite:///path` or the PostgreSQL URL with its password hidden.
    let description: String

    /// Opens and migrates the configured store: SQLite under `LOOM_DATA_DIR` (or `sqlite://`), or
    /// PostgreSQL for `postgresql://`/`postgres://` with a pool on `group`'s loops (started).
    /// A database that cannot be reached yet is retried for `wait` (containers often start
    /// before their database); any other failure stops the start-up with the reason.
    static func open(settings: Settings, group: EventLoopGroup, clock: any Clock, logger: Logger,
                     wait: Duration = .seconds(30)) async throws -> StoreBackend {
        guard let url = settings.postgreSQLURL else {
            let path = try EmbeddedStorage(settings: settings).databasePath
            let store = try await SQLiteStore.open(path: path, clock: clock)
            try await migrate(store, description: path)
            return StoreBackend(store: store, description: "sqlite://" + path)
        }
        let redacted = (try? PostgresConfiguration(url: url))?.redacted ?? "DATABASE_URL"
        let store = try await StartupRetry.untilReachable("database", at: redacted, wait: wait, clock: clock, logger: logger,
                                                          isUnreachable: { ($0 as? PostgresError)?.isConnectionFailure ?? false }) {
            try await PostgresStore.open(url: url, group: group, poolSize: settings.databasePoolSize, clock: clock)
        }
        try await migrate(store, description: redacted)
        return StoreBackend(store: store, description: redacted)
    }

    /// Applies pending migrations (under a lock on PostgreSQL, so replicas starting together
    /// migrate once); closes the store and explains when that fails.
    private static func migrate(_ store: any Store, description: String) async throws {
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw StartupError("database migration failed for \(description): \(error)")
        }
    }
}
