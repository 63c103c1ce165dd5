// PostgresStoreTests: what only the PostgreSQL store has — migrations under an advisory lock, several processes, PR locking.

import LoomCore
import LoomPostgres
import LoomStore
import LoomTestSupport
import Testing

@Suite("PostgresStore")
struct PostgresStoreTests {
    @Test("the PostgreSQL migrations mirror the SQLite ones: same versions, same names")
    func sameMigrations() {
        #expect(PostgresMigrations.all.map(\.version) == SQLiteMigrations.all.map(\.version))
        #expect(PostgresMigrations.all.map(\.name) == SQLiteMigrations.all.map(\.name))
    }

    @Test("eight stores migrating at once: all succeed, each migration applied and recorded once")
    func concurrentMigrations() async throws {
        try await TestPostgres.withDatabase { url in
            let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 2,
                                                                 clock: ManualClock(wallNanoseconds: Int64(index)))
                        try await store.migrate()
                        return store
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let expected = PostgresMigrations.all.map(\.version)
            for store in stores { #expect(try await store.appliedMigrations() == expected) }
            let admin = try await PostgresConnection.connect(try PostgresConfiguration(url: url), on: TestPostgres.group.next())
            let rows = try await admin.query("SELECT version, name, count(*) OVER () AS total FROM schema_migrations ORDER BY version")
            #expect(rows.map { $0["version"].int } == expected && rows.first?["total"].int == expected.count)
            #expect(rows.map { $0["name"].string } == PostgresMigrations.all.map(\.name))
            let tables = try await admin.query("""
                SELECT string_agg(tablename, ',' ORDER BY tablename) AS names FROM pg_tables WHERE schemaname = 'public'
                """)
            #expect(tables[0]["names"].string == "findings,jobs,repositories,reviews,schema_migrations,webhook_deliveries")
            await admin.close()
            for store in stores { await store.close() }
        }
    }

    @Test("a database from a newer Loom, or with an edited migration, is refused")
    func unknownMigrations() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 2)
            try await store.migrate()
            let admin = try await PostgresConnection.connect(try PostgresConfiguration(url: url), on: TestPostgres.group.next())
            _ = try await admin.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)")
            await #expect(throws: MigrationError.unknownVersion(999)) { try await store.migrate() }
            _ = try await admin.query("DELETE FROM schema_migrations WHERE version = 999")
            _ = try await admin.query("UPDATE schema_migrations SET name = 'renamed' WHERE version = 1")
            await #expect(throws: MigrationError.nameMismatch(version: 1, recorded: "renamed", expected: PostgresMigrations.all[0].name)) {
                try await store.migrate()
            }
            // The lock was released after each failure: another session can take it at once.
            let lock = try await admin.query("SELECT pg_try_advisory_lock($1) AS taken", [.int64(0x4C4F_4F4D_4D49_4752)])
            #expect(lock[0]["taken"].bool == true)
            await admin.close()
            await store.close()
        }
    }

    @Test("two stores (two processes) share one database: a delivery is applied once, a reopened store sees everything")
    func sharedDatabase() async throws {
        try await TestPostgres.withDatabase { url in
            let first = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 2)
            let second = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 2)
            try await first.migrate()
            try await second.migrate()
            let job = try await first.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1", metadata: ["title": "T"]))
            #expect(try await second.ingest(Sample.enqueue("job-2", delivery: "d1", head: "h2")) == .duplicateDelivery)
            let claimed = try await second.claim("job-1")
            #expect(try await first.claimJob(id: "job-1", owner: "other", leaseUntil: Sample.t0 + 99, now: Sample.t0) == nil)
            await first.close()
            await second.close()

            let reopened = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 2)
            try await reopened.migrate()
            #expect(try await reopened.job(id: "job-1") == claimed && claimed.metadata == job.metadata)
            #expect(try await reopened.repositories().map(\.ref) == [Sample.acme])
            await reopened.close()
        }
    }

    @Test("new heads for one PR arriving at once leave exactly one job queued")
    func concurrentHeadsOfOnePR() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: 8)
            try await store.migrate()
            _ = try await store.enqueue(Sample.enqueue("seed", delivery: "seed", head: "h0"))
            let outcomes = try await withThrowingTaskGroup(of: IngestionOutcome.self) { group in
                for index in 1...32 {
                    group.addTask {
                        try await store.ingest(Sample.enqueue("job-\(index)", delivery: "d\(index)", head: "h\(index)",
                                                          at: Sample.t0 + Int64(index)))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0.job != nil })
            let counts = try await store.jobCounts()
            #expect(counts[.queued] == 1 && counts[.cancelled] == 32)
            // Every job but the survivor was superseded by exactly one later delivery.
            let superseded = outcomes.flatMap { $0.superseded ?? [] }
            #expect(superseded.count == 32 && Set(superseded).count == 32)
            await store.close()
        }
    }

    @Test("the store refuses a bad URL and an unreachable server at open, with the reason")
    func openFailures() async throws {
        await #expect(throws: PostgresError.self) {
            _ = try await PostgresStore.open(url: "postgresql://x/y?nonsense=1", group: TestPostgres.group)
        }
        do {
            _ = try await PostgresStore.open(url: "postgresql://loom:pw@127.0.0.1:1/loom", group: TestPostgres.group)
            Issue.record("opened a store on port 1")
        } catch let error as PostgresError {
            #expect(error.isConnectionFailure && !error.description.contains("pw@"))
        }
    }
}
