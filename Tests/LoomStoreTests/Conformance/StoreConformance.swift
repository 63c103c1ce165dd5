// StoreConformance: the behaviour every Store must show, as functions any store's suite can run.

import LoomCore
import LoomStore
import Testing

/// The `Store` contract as executable checks. A store's test suite builds one with a factory
/// that returns a fresh, empty store (SQLite in a temp directory today, PostgreSQL later) and
/// calls each check from a `@Test` of its own. Each check migrates and closes its store.
struct StoreConformance: Sendable {
    let makeStore: @Sendable () async throws -> any Store
    /// Closes a store and deletes what it left behind (files, a database).
    var dispose: @Sendable (any Store) async -> Void = { await $0.close() }

    /// Runs `body` on a fresh migrated store and disposes of it afterwards, also when `body` throws.
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        let store = try await makeStore()
        do {
            try await store.migrate()
            try await body(store)
        } catch {
            await dispose(store)
            throw error
        }
        await dispose(store)
    }
}

/// Builders for the requests the checks send.
enum Sample {
    static let t0: Int64 = 1_767_225_600_000_000_000
    static let second: Int64 = 1_000_000_000
    static let acme = RepositoryRef(platform: .github, platformID: "1001", fullName: "acme/api")
    static let other = RepositoryRef(platform: .github, platformID: "2002", fullName: "acme/web")

    static func enqueue(_ jobID: String, delivery: String?, repository: RepositoryRef = acme, pr: Int = 7,
                        head: String, base: String? = "base0", priority: Int = 0, maxAttempts: Int = 5,
                        metadata: [String: String] = [:], at time: Int64 = t0) -> IngestionRequest {
        IngestionRequest(platform: repository.platform, deliveryID: delivery, event: "pull_request", repository: repository,
                         action: .enqueue(NewJob(id: jobID, prNumber: pr, headSHA: head, baseSHA: base, priority: priority,
                                                 maxAttempts: maxAttempts, metadata: metadata)),
                         receivedAt: time)
    }

    static func close(delivery: String?, repository: RepositoryRef = acme, pr: Int = 7, reason: String = "pr_closed",
                      at time: Int64 = t0) -> IngestionRequest {
        IngestionRequest(platform: repository.platform, deliveryID: delivery, event: "pull_request", repository: repository,
                         action: .cancelPullRequest(number: pr, reason: reason), receivedAt: time)
    }

    static func record(delivery: String?, outcome: String, repository: RepositoryRef = acme, at time: Int64 = t0) -> IngestionRequest {
        IngestionRequest(platform: repository.platform, deliveryID: delivery, event: "pull_request", repository: repository,
                         action: .record(outcome: outcome), receivedAt: time)
    }
}

extension IngestionOutcome {
    /// The job of `.jobCreated` or `.jobExists`.
    var job: Job? {
        switch self {
        case .jobCreated(let job, _), .jobExists(let job): job
        default: nil
        }
    }

    var superseded: [String]? {
        if case .jobCreated(_, let superseded) = self { return superseded }
        return nil
    }
}

extension Store {
    /// Ingests and expects a new job; returns it.
    func enqueue(_ request: IngestionRequest, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Job {
        let outcome = try await ingest(request)
        guard case .jobCreated(let job, _) = outcome else {
            Issue.record("expected a new job, got \(outcome)", sourceLocation: sourceLocation)
            throw ConformanceFailure()
        }
        return job
    }

    /// Claims and expects success.
    func claim(_ id: String, owner: String = "worker-a", leaseUntil: Int64 = Sample.t0 + 30 * Sample.second,
               now: Int64 = Sample.t0, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Job {
        guard let job = try await claimJob(id: id, owner: owner, leaseUntil: leaseUntil, now: now) else {
            Issue.record("claim of \(id) refused", sourceLocation: sourceLocation)
            throw ConformanceFailure()
        }
        return job
    }
}

struct ConformanceFailure: Error {}
