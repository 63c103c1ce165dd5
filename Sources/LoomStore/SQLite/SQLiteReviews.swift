// SQLiteReviews: the reviews and findings tables, written by the writer, read by the reader.

import LoomCore
internal import LoomSQLite

/// Review persistence. A retried job replaces its earlier review (the findings cascade).
enum SQLiteReviews {
    static func save(_ review: ReviewRecord, findings: [FindingRecord], _ cache: SQLiteConnection) throws {
        let delete = try cache.statement("DELETE FROM reviews WHERE job_id = ?1")
        try delete.bind(review.jobID, at: 1)
        _ = try delete.run()
        let insert = try cache.statement("""
            INSERT INTO reviews (job_id, pr_title, pr_author, blocker_count, warning_count, info_count, model,
                                 tokens_in, tokens_out, duration_ms, summary_comment_id, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        try insert.bind(review.jobID, at: 1)
        try insert.bind(review.prTitle, at: 2)
        try insert.bind(review.prAuthor, at: 3)
        try insert.bind(review.blockers, at: 4)
        try insert.bind(review.warnings, at: 5)
        try insert.bind(review.infos, at: 6)
        try insert.bind(review.model, at: 7)
        try insert.bind(review.tokensIn, at: 8)
        try insert.bind(review.tokensOut, at: 9)
        try insert.bind(review.durationMilliseconds, at: 10)
        try insert.bind(review.summaryCommentID, at: 11)
        try insert.bind(review.createdAt, at: 12)
        _ = try insert.run()
        let reviewID = cache.database.lastInsertRowID
        let addFinding = try cache.statement("""
            INSERT INTO findings (review_id, pipeline, path, line, severity, category, message, suggestion, fingerprint,
                                  platform_comment_id, posted_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        for finding in findings {
            try addFinding.bind(reviewID, at: 1)
            try addFinding.bind(finding.pipeline, at: 2)
            try addFinding.bind(finding.path, at: 3)
            try addFinding.bind(finding.line.map(Int64.init), at: 4)
            try addFinding.bind(finding.severity.rawValue, at: 5)
            try addFinding.bind(finding.category, at: 6)
            try addFinding.bind(finding.message, at: 7)
            try addFinding.bind(finding.suggestion, at: 8)
            try addFinding.bind(finding.fingerprint, at: 9)
            try addFinding.bind(finding.platformCommentID, at: 10)
            try addFinding.bind(finding.postedAt, at: 11)
            _ = try addFinding.run()
        }
    }

    static func load(jobID: String, _ cache: SQLiteConnection) throws -> (review: ReviewRecord, findings: [FindingRecord])? {
        let select = try cache.statement("""
            SELECT id, pr_title, pr_author, blocker_count, warning_count, info_count, model, tokens_in, tokens_out,
                   duration_ms, summary_comment_id, created_at FROM reviews WHERE job_id = ?1
            """)
        try select.bind(jobID, at: 1)
        let found: (Int64, ReviewRecord)? = try select.withReset { row in
            guard try row.step() else { return nil }
            return (row.int64(0), ReviewRecord(
                jobID: jobID, prTitle: row.text(1), prAuthor: row.text(2), blockers: row.int(3),
                warnings: row.int(4), infos: row.int(5), model: row.text(6),
                tokensIn: row.int(7), tokensOut: row.int(8), durationMilliseconds: row.int(9),
                summaryCommentID: row.text(10), createdAt: row.int64(11)))
        }
        guard let (reviewID, review) = found else { return nil }
        let findings = try cache.statement("""
            SELECT pipeline, path, line, severity, category, message, suggestion, fingerprint, platform_comment_id, posted_at
            FROM findings WHERE review_id = ?1 ORDER BY id
            """)
        try findings.bind(reviewID, at: 1)
        let rows: [FindingRecord] = try findings.withReset { row in
            var rows: [FindingRecord] = []
            while try row.step() {
                rows.append(FindingRecord(
                    pipeline: row.text(0) ?? "", path: row.text(1) ?? "", line: row.optionalInt64(2).map(Int.init),
                    severity: Severity(rawValue: row.text(3) ?? "") ?? .info, category: row.text(4), message: row.text(5) ?? "",
                    suggestion: row.text(6), fingerprint: row.text(7) ?? "", platformCommentID: row.text(8), postedAt: row.optionalInt64(9)))
            }
            return rows
        }
        return (review, rows)
    }
}
