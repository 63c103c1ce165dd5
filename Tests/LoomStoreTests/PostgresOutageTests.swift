// PostgresOutageTests: the server goes away and comes back — fail fast meanwhile, recover without a restart.

import LoomCore
import LoomPostgres
import LoomStore
import LoomTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("PostgreSQL outages")
struct PostgresOutageTests {
    @Test("server stopped: queries and ping fail fast; server back: the pool reconnects by itself")
    func outageAndRecovery() async throws {
        // A private cluster: stopping the shared one would break every test running beside this.
        // (Left running by a failed expectation, it is removed when the test process exits.)
        let server = try await TestPostgres.Server.start()
        var configuration = try PostgresConfiguration(url: server.url)
        configuration.poolSize = 4
        configuration.maxReconnectDelay = .milliseconds(500)
        let pool = PostgresPool(configuration: configuration, group: TestPostgres.group)
        let store = try await PostgresStore.open(url: server.url, group: TestPostgres.group, poolSize: 4)
        try await store.migrate()
        _ = try await store.enqueue(Sample.enqueue("before", delivery: "d1", head: "h1"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await pool.query("SELECT 1") } }
            try await group.waitForAll()
        }

        try await server.stop()
        let clock = SystemClock()
        for attempt in 0..<5 {
            let started = clock.now()
            do {
                _ = try await pool.query("SELECT 1")
                Issue.record("a query succeeded while the server was down")
            } catch let error as PostgresError {
                #expect(error.isConnectionFailure, "\(error)")
                // Once the dead connections are dropped, the pool knows and says so at once.
                if attempt == 4 { #expect(error.kind == .unavailable, "\(error)") }
            }
            #expect(clock.now() - started < .seconds(2), "failing took too long")
            await #expect(throws: PostgresError.self) { try await pool.ping() }
        }
        do {
            try await store.ping()
            Issue.record("ping succeeded while the server was down")
        } catch let error as PostgresError {
            #expect(error.isConnectionFailure)
        }
        await #expect(throws: PostgresError.self) { _ = try await store.ingest(Sample.enqueue("during", delivery: "d2", head: "h2")) }
        #expect(await pool.statistics().lastError != nil)

        try await server.start()
        // Recovery happens in the background; poll (no restart of pool or store).
        let deadline = clock.now() + .seconds(20)
        var recovered = false
        while clock.now() < deadline {
            if (try? await pool.query("SELECT 1")) != nil, (try? await store.ping()) != nil {
                recovered = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(recovered, "the pool did not reconnect")
        #expect(await pool.statistics().lastError == nil)
        _ = try await store.enqueue(Sample.enqueue("after", delivery: "d3", head: "h3"))
        #expect(try await store.job(id: "before")?.status == .cancelled)
        #expect(try await store.job(id: "after")?.status == .queued)
        #expect(try await store.job(id: "during") == nil)
        await store.close()
        await pool.close()
        await server.destroy()
    }

    @Test("a pool whose server never answered fails fast from the start and recovers when it appears")
    func neverReachable() async throws {
        let server = try await TestPostgres.Server.start()
        try await server.stop()
        var configuration = try PostgresConfiguration(url: server.url)
        configuration.maxReconnectDelay = .milliseconds(300)
        let pool = PostgresPool(configuration: configuration, group: TestPostgres.group)
        await #expect(throws: PostgresError.self) { try await pool.ping() }
        await #expect(throws: PostgresError.self) { try await pool.ping() }
        try await server.start()
        let clock = SystemClock()
        let deadline = clock.now() + .seconds(20)
        while clock.now() < deadline, (try? await pool.ping()) == nil { try await Task.sleep(for: .milliseconds(100)) }
        try await pool.ping()
        await pool.close()
        await server.destroy()
    }
}
