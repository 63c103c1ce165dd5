// StoreConformance+Reviews: a job's review and findings are stored, read back, and replaced on retry.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    func reviewsAreStoredAndReplaced() async throws {
        try await withStore { store async throws in
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            #expect(try await store.review(jobID: "job-1") == nil)
            let first = ReviewRecord(jobID: "job-1", prTitle: "Fix", prAuthor: "octo", blockers: 1, warnings: 2, infos: 0,
                                     model: "gpt-test", tokensIn: 1200, tokensOut: 300, durationMilliseconds: 4321,
                                     summaryCommentID: "c-9", createdAt: Sample.t0)
            let findings = [
                FindingRecord(pipeline: "security", path: "a.swift", line: 12, severity: .blocker, category: "injection",
                              message: "SQL built from input", suggestion: "bind it", fingerprint: "f1",
                              platformCommentID: "c-1", postedAt: Sample.t0),
                FindingRecord(pipeline: "general", path: "b.swift", line: nil, severity: .warning, message: "outside",
                              fingerprint: "f2"),
            ]
            try await store.saveReview(first, findings: findings)
            let loaded = try #require(try await store.review(jobID: "job-1"))
            #expect(loaded.review == first)
            #expect(loaded.findings == findings)

            // A retried job's review replaces the earlier one, findings included.
            let second = ReviewRecord(jobID: "job-1", blockers: 0, warnings: 1, createdAt: Sample.t0 + Sample.second)
            try await store.saveReview(second, findings: [findings[1]])
            let replaced = try #require(try await store.review(jobID: "job-1"))
            #expect(replaced.review == second && replaced.findings == [findings[1]])
        }
    }
}
