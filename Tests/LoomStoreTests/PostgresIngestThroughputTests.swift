// PostgresIngestThroughputTests: measures ingests per second with 64 concurrent callers (printed, not asserted).

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomStore
import LoomTestSupport
import Testing

@Suite("PostgresStore ingest throughput")
struct PostgresIngestThroughputTests {
    /// `LOOM_PG_BENCH_INGESTS` (default 3000) ingests by 64 tasks over pools of
    /// `LOOM_PG_BENCH_POOLS` (default "8") connections; prints the rate of each.
    @Test("64 concurrent callers ingest unique deliveries")
    func throughput() async throws {
        let total = environment("LOOM_PG_BENCH_INGESTS").flatMap { Int($0) } ?? 3_000
        let pools = (environment("LOOM_PG_BENCH_POOLS") ?? "8").split(separator: ",").compactMap { Int($0) }
        let callers = 64
        for poolSize in pools {
            try await TestPostgres.withDatabase { url in
                let store = try await PostgresStore.open(url: url, group: TestPostgres.group, poolSize: poolSize)
                try await store.migrate()
                let repositories = (0..<8).map { RepositoryRef(platform: .github, platformID: "\(9_000 + $0)", fullName: "acme/repo-\($0)") }
                // Warm up: register the repositories and open the connections.
                for (index, repository) in repositories.enumerated() {
                    _ = try await store.ingest(Sample.enqueue("warm-\(index)", delivery: "warm-\(index)", repository: repository,
                                                              pr: 1, head: "w"))
                }
                let clock = SystemClock()
                let started = clock.now()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for caller in 0..<callers {
                        group.addTask {
                            var index = caller
                            while index < total {
                                let outcome = try await store.ingest(Sample.enqueue(
                                    "job-\(index)", delivery: "delivery-\(index)", repository: repositories[index % repositories.count],
                                    pr: 100 + index, head: "head-\(index)", at: Sample.t0 + Int64(index)))
                                guard case .jobCreated = outcome else { throw ConformanceFailure() }
                                index += callers
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let elapsed = (clock.now() - started).seconds
                let counts = try await store.jobCounts()
                #expect(counts[.queued] == total + repositories.count)
                let rate = Double(total) / elapsed
                print("PostgresStore ingest: \(total) ingests, \(callers) callers, pool \(poolSize): "
                      + "\(Int(rate)) ingests/s (\(Int(elapsed * 1000)) ms)")
                await store.close()
            }
        }
    }

    private func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
