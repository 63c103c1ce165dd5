// StoreConformance+Concurrency: many concurrent ingests, each applied exactly once.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    /// 64 tasks at once: unique deliveries all become jobs; one delivery id sent by every task
    /// becomes exactly one job; one head sent under different ids becomes exactly one job.
    func concurrentIngestsAreDeduplicated() async throws {
        try await withStore { store async throws in
            let tasks = 64
            let perTask = 20
            let outcomes = try await withThrowingTaskGroup(of: [IngestionOutcome].self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        var outcomes: [IngestionOutcome] = []
                        for index in 0..<perTask {
                            let repository = index.isMultiple(of: 2) ? Sample.acme : Sample.other
                            outcomes.append(try await store.ingest(Sample.enqueue(
                                "u-\(task)-\(index)", delivery: "u-\(task)-\(index)", repository: repository,
                                pr: 1_000 + task * perTask + index, head: "h")))
                        }
                        outcomes.append(try await store.ingest(Sample.enqueue("shared-delivery-\(task)", delivery: "shared", pr: 1, head: "h")))
                        outcomes.append(try await store.ingest(Sample.enqueue("shared-head-\(task)", delivery: "sh-\(task)", pr: 2, head: "h")))
                        return outcomes
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            var created = 0, duplicates = 0, existing = 0
            for outcome in outcomes {
                switch outcome {
                case .jobCreated: created += 1
                case .duplicateDelivery: duplicates += 1
                case .jobExists: existing += 1
                default: Issue.record("unexpected outcome \(outcome)")
                }
            }
            #expect(created == tasks * perTask + 2)
            #expect(duplicates == tasks - 1)
            #expect(existing == tasks - 1)
            #expect(try await store.jobCounts()[.queued] == tasks * perTask + 2)
            #expect(try await store.repositories().count == 2)
            var sharedDelivery = 0, sharedHead = 0
            for task in 0..<tasks {
                if try await store.job(id: "shared-delivery-\(task)") != nil { sharedDelivery += 1 }
                if try await store.job(id: "shared-head-\(task)") != nil { sharedHead += 1 }
            }
            #expect(sharedDelivery == 1 && sharedHead == 1)
        }
    }
}
