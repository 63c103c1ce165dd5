// PostgresIngestQueue: group commit for ingests — concurrent deliveries share one transaction and one WAL flush.

import LoomCore
internal import LoomPostgres

/// Collects concurrent `ingest` calls into batches, each applied in one transaction
/// (`PostgresIngestBatch`), so a burst of webhooks costs one COMMIT — one WAL flush — per
/// batch instead of one per delivery. Every caller still returns only after the COMMIT that
/// holds its delivery.
///
/// No batch waits to fill up: while fewer than `maxBatches` run, a delivery starts a batch at
/// once (alone, at low load); when all are busy, deliveries queue and the next free slot takes
/// up to `maxBatchSize` of them. The batch size thus follows the load.
///
/// Failure isolation: a batch that fails rolls back whole, so nothing of it is committed. On a
/// connection failure every caller of it gets the error (the server is unreachable for them
/// all); on any other error each delivery runs again in a transaction of its own, so one bad
/// delivery fails alone. Deadlocks and serialization failures are retried.
actor PostgresIngestQueue {
    private struct Pending {
        var request: IngestionRequest
        var continuation: CheckedContinuation<IngestionOutcome, any Error>
    }

    private let pool: PostgresPool
    private let maxBatches: Int
    private let maxBatchSize: Int
    private var waiting: [Pending] = []
    private var running = 0
    /// Batches run and deliveries in them, for statistics.
    private(set) var batches = 0
    private(set) var deliveries = 0

    init(pool: PostgresPool, maxBatches: Int, maxBatchSize: Int = 64) {
        self.pool = pool
        self.maxBatches = max(1, maxBatches)
        self.maxBatchSize = max(1, maxBatchSize)
    }

    func ingest(_ request: IngestionRequest) async throws -> IngestionOutcome {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Pending(request: request, continuation: continuation))
            launch()
        }
    }

    private func launch() {
        while running < maxBatches && !waiting.isEmpty {
            let batch = Array(waiting.prefix(maxBatchSize))
            waiting.removeFirst(batch.count)
            running += 1
            batches += 1
            deliveries += batch.count
            let pool = self.pool
            Task {
                await Self.execute(batch, pool)
                self.finished()
            }
        }
    }

    private func finished() {
        running -= 1
        launch()
    }

    /// Runs one batch off the actor and resumes its callers.
    private nonisolated static func execute(_ batch: [Pending], _ pool: PostgresPool) async {
        do {
            let outcomes = try await apply(batch.map(\.request), pool)
            for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
        } catch {
            let unreachable = (error as? PostgresError)?.isConnectionFailure ?? false
            guard batch.count > 1 && !unreachable else {
                for pending in batch { pending.continuation.resume(throwing: error) }
                return
            }
            // Nothing of the batch was committed: each delivery alone finds the one that fails.
            for pending in batch {
                do {
                    pending.continuation.resume(returning: try await apply([pending.request], pool)[0])
                } catch {
                    pending.continuation.resume(throwing: error)
                }
            }
        }
    }

    /// One transaction on a leased connection, run again after a deadlock or serialization failure.
    private nonisolated static func apply(_ requests: [IngestionRequest], _ pool: PostgresPool) async throws -> [IngestionOutcome] {
        var attempt = 1
        while true {
            do {
                return try await pool.withConnection { try await PostgresIngestBatch.run(requests, $0) }
            } catch let error as PostgresError where error.isTransient && attempt < 4 {
                attempt += 1
            }
        }
    }
}
