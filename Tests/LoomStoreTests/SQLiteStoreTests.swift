// SQLiteStoreTests: what only the SQLite store has — migrations, files, WAL, group commit, closing.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomSQLite
import LoomStore
import Testing

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    @Test("migrations apply once, in order, and are recorded")
    func migrationsRecorded() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path, clock: ManualClock(wallNanoseconds: 42))
        try await store.migrate()
        try await store.migrate()
        let expected = SQLiteMigrations.all.map(\.version)
        #expect(expected == Array(1...expected.count))
        #expect(try await store.appliedMigrations() == expected)
        await store.close()

        let again = try await SQLiteStore.open(path: path, clock: ManualClock(wallNanoseconds: 99))
        try await again.migrate()
        await again.close()

        let database = try SQLiteDatabase(path: path)
        let rows = try database.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
        #expect(rows == SQLiteMigrations.all.map { [.integer(Int64($0.version)), .text($0.name), .integer(42)] })
        let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { $0[0] }
        #expect(tables == ["findings", "jobs", "repositories", "reviews", "schema_migrations", "webhook_deliveries"])
        #expect(try database.query("PRAGMA journal_mode") == [[.text("wal")]])
    }

    @Test("a database from a newer Loom, or with an edited migration, is refused")
    func unknownMigrations() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        await store.close()

        let database = try SQLiteDatabase(path: path)
        try database.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)")
        let newer = try await SQLiteStore.open(path: path)
        await #expect(throws: MigrationError.unknownVersion(999)) { try await newer.migrate() }
        try database.execute("DELETE FROM schema_migrations WHERE version = 999")
        try database.execute("UPDATE schema_migrations SET name = 'renamed' WHERE version = 1")
        await #expect(throws: MigrationError.nameMismatch(version: 1, recorded: "renamed", expected: SQLiteMigrations.all[0].name)) {
            try await newer.migrate()
        }
        await newer.close()
    }

    @Test("reopening the file keeps repositories and jobs")
    func reopenKeepsData() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        let job = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1", metadata: ["title": "T"]))
        let claimed = try await store.claim("job-1")
        await store.close()

        let reopened = try await SQLiteStore.open(path: path)
        try await reopened.migrate()
        #expect(try await reopened.job(id: "job-1") == claimed)
        #expect(claimed.metadata == job.metadata)
        #expect(try await reopened.repositories().map(\.ref) == [Sample.acme])
        #expect(try await reopened.ingest(Sample.enqueue("job-2", delivery: "d1", head: "h2")) == .duplicateDelivery)
        await reopened.close()
    }

    @Test("64 concurrent ingesters share commits, and every acknowledged job is in the file")
    func groupCommitDurable() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        let before = store.statistics()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<64 {
                group.addTask {
                    for index in 0..<25 {
                        let id = "\(task)-\(index)"
                        _ = try await store.enqueue(Sample.enqueue(id, delivery: id, pr: task * 100 + index, head: "h"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let statistics = store.statistics()
        let commits = statistics.commits - before.commits
        #expect(statistics.writes - before.writes == 64 * 25)
        // Group commit at work: far fewer transactions than ingests.
        #expect(commits < 64 * 25 / 2, "commits: \(commits)")
        #expect(statistics.largestBatch > 1)
        await store.close()

        let database = try SQLiteDatabase(path: path)
        #expect(try database.query("SELECT COUNT(*) FROM jobs") == [[.integer(64 * 25)]])
        #expect(try database.query("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'queued'") == [[.integer(64 * 25)]])
    }

    @Test("a failing write fails alone; the others in its transaction commit")
    func failureIsolated() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        _ = try await store.enqueue(Sample.enqueue("taken", delivery: "d0", pr: 1, head: "h"))
        // Reusing a job id for another PR violates the primary key: that ingest must fail, and
        // roll back its delivery row, without taking its batch-mates down.
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<32 {
                group.addTask {
                    let id = index == 16 ? "taken" : "job-\(index)"
                    let outcome = try? await store.ingest(Sample.enqueue(id, delivery: "d-\(index)", pr: 100 + index, head: "h"))
                    return (index, outcome != nil)
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.filter(\.value).count == 31)
        #expect(results[16] == false)
        #expect(try await store.jobCounts()[.queued] == 32)
        // The failed delivery left no trace: sent again with a fresh job id, it is not a duplicate.
        _ = try await store.enqueue(Sample.enqueue("job-16", delivery: "d-16", pr: 116, head: "h"))
        await store.close()
    }

    @Test("a repository disabled by another process (the CLI) is seen by the next delivery")
    func otherProcessChanges() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let server = try await SQLiteStore.open(path: path)
        try await server.migrate()
        _ = try await server.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
        // A second store on the same file stands for `loom repos disable` in another process.
        let cli = try await SQLiteStore.open(path: path)
        _ = try await cli.setRepositoryActive(platform: .github, fullName: "acme/api", active: false, now: Sample.t0)
        await cli.close()
        #expect(try await server.ingest(Sample.enqueue("job-2", delivery: "d2", head: "h2")) == .repositoryDisabled)
        await server.close()
    }

    @Test("closing checkpoints the log into the database file and removes it")
    func cleanClose() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        for index in 0..<50 { _ = try await store.enqueue(Sample.enqueue("job-\(index)", delivery: "d\(index)", pr: index, head: "h")) }
        #expect(store.statistics().syncs > 0)
        await store.close()
        #expect(access(path + "-wal", F_OK) != 0)
        let database = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try database.query("SELECT COUNT(*) FROM jobs") == [[.integer(50)]])
    }

    @Test("a closed store refuses work; closing is idempotent, also concurrently")
    func closing() async throws {
        let path = SQLiteTestStore.freshPath()
        defer { SQLiteTestStore.remove(path) }
        let store = try await SQLiteStore.open(path: path)
        try await store.migrate()
        #expect(store.path == path)
        async let first: Void = store.close()
        async let second: Void = store.close()
        _ = await (first, second)
        await store.close()
        await #expect(throws: SQLiteStoreError.closed) { try await store.ping() }
        await #expect(throws: SQLiteStoreError.closed) { try await store.ingest(Sample.record(delivery: nil, outcome: "draft")) }
    }

    @Test("opening a path in a missing directory fails with SQLite's error")
    func openFailure() async throws {
        await #expect(throws: SQLiteError.self) { try await SQLiteStore.open(path: "/nonexistent-loom-dir/x/loom.sqlite3") }
    }
}
