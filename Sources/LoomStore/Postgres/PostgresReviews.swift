// PostgresReviews: the reviews and findings tables on PostgreSQL, each save and load one round trip.

import LoomCore
internal import LoomPostgres

/// Review persistence. A retried job replaces its earlier review (the findings cascade).
enum PostgresReviews {
    /// The statements of a save, to run as one transaction: the findings find their review by
    /// its job id, so nothing waits for the review's generated id.
    static func save(_ review: ReviewRecord, findings: [FindingRecord]) -> [PostgresStatement] {
        var statements: [PostgresStatement] = [
            PostgresStatement("DELETE FROM reviews WHERE job_id = $1", [.text(review.jobID)]),
            PostgresStatement("""
                INSERT INTO reviews (job_id, pr_title, pr_author, blocker_count, warning_count, info_count, model,
                                     tokens_in, tokens_out, duration_ms, summary_comment_id, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """, [.text(review.jobID), PostgresValue(review.prTitle), PostgresValue(review.prAuthor), .int(review.blockers),
                      .int(review.warnings), .int(review.infos), PostgresValue(review.model), .int(review.tokensIn),
                      .int(review.tokensOut), .int(review.durationMilliseconds), PostgresValue(review.summaryCommentID),
                      .int64(review.createdAt)]),
        ]
        for finding in findings {
            statements.append(PostgresStatement("""
                INSERT INTO findings (review_id, pipeline, path, line, severity, category, message, suggestion, fingerprint,
                                      platform_comment_id, posted_at)
                VALUES ((SELECT id FROM reviews WHERE job_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """, [.text(review.jobID), .text(finding.pipeline), .text(finding.path), PostgresValue(finding.line),
                      .text(finding.severity.rawValue), PostgresValue(finding.category), .text(finding.message),
                      PostgresValue(finding.suggestion), .text(finding.fingerprint), PostgresValue(finding.platformCommentID),
                      PostgresValue(finding.postedAt)]))
        }
        return statements
    }

    /// Reads a review and its findings from one snapshot, in one round trip.
    static func load(jobID: String, _ connection: PostgresConnection) async throws -> (review: ReviewRecord, findings: [FindingRecord])? {
        let results = try await connection.pipeline([
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            PostgresStatement("""
                SELECT pr_title, pr_author, blocker_count, warning_count, info_count, model, tokens_in, tokens_out,
                       duration_ms, summary_comment_id, created_at FROM reviews WHERE job_id = $1
                """, [.text(jobID)]),
            PostgresStatement("""
                SELECT f.pipeline, f.path, f.line, f.severity, f.category, f.message, f.suggestion, f.fingerprint,
                       f.platform_comment_id, f.posted_at
                FROM findings f JOIN reviews r ON r.id = f.review_id WHERE r.job_id = $1 ORDER BY f.id
                """, [.text(jobID)]),
            "COMMIT",
        ])
        guard let row = results[1].first else { return nil }
        let review = ReviewRecord(
            jobID: jobID, prTitle: try row.decode(0), prAuthor: try row.decode(1), blockers: try row.decode(2),
            warnings: try row.decode(3), infos: try row.decode(4), model: try row.decode(5), tokensIn: try row.decode(6),
            tokensOut: try row.decode(7), durationMilliseconds: try row.decode(8), summaryCommentID: try row.decode(9),
            createdAt: try row.decode(10))
        let findings = try results[2].map { row in
            let severityText: String = try row.decode(3)
            guard let severity = Severity(rawValue: severityText) else {
                throw PostgresStoreError.corruptValue(column: "findings.severity", value: severityText)
            }
            return FindingRecord(
                pipeline: try row.decode(0), path: try row.decode(1), line: try row.decode(2), severity: severity,
                category: try row.decode(4), message: try row.decode(5), suggestion: try row.decode(6),
                fingerprint: try row.decode(7), platformCommentID: try row.decode(8), postedAt: try row.decode(9))
        }
        return (review, findings)
    }
}
