// JobJSON: the admin API's JSON shape for jobs and repositories (SPEC §3).

import LoomCore
import LoomStore

/// Renders jobs and repositories exactly as `/api/*` documents them.
enum JobJSON {
    /// `{"id","platform","repository","pr_number","head_sha","base_sha","status","reason","attempts",
    /// "created_at","started_at","completed_at","error"}` — times as ISO-8601 UTC or null.
    static func write(_ job: Job, into writer: inout JSONWriter) {
        writer.beginObject()
        writeFields(job, into: &writer)
        writer.endObject()
    }

    /// The job's fields without the surrounding braces, so callers can add more.
    static func writeFields(_ job: Job, into writer: inout JSONWriter) {
        writer.field("id", job.id)
        writer.field("platform", job.platform.rawValue)
        writer.field("repository", job.repository)
        writer.field("pr_number", job.prNumber)
        writer.field("head_sha", job.headSHA)
        writer.field("base_sha", job.baseSHA)
        writer.field("status", job.status.rawValue)
        writer.field("reason", job.reason)
        writer.field("attempts", job.attempts)
        writer.field("created_at", timestamp(job.createdAt))
        writer.field("started_at", job.startedAt.map(timestamp))
        writer.field("completed_at", job.completedAt.map(timestamp))
        writer.field("error", job.error)
    }

    /// A job plus `"review"` (counts, model, tokens, duration; null before a review ran) and
    /// `"findings"` (each with its `platform_comment_id`).
    static func detail(_ job: Job, review stored: (review: ReviewRecord, findings: [FindingRecord])?) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 1024)
        writer.beginObject()
        writeFields(job, into: &writer)
        if let review = stored?.review {
            writer.beginObject("review")
            writer.field("pr_title", review.prTitle)
            writer.field("pr_author", review.prAuthor)
            writer.beginObject("counts")
            writer.field("blocker", review.blockers)
            writer.field("warning", review.warnings)
            writer.field("info", review.infos)
            writer.endObject()
            writer.field("model", review.model)
            writer.beginObject("tokens")
            writer.field("input", review.tokensIn)
            writer.field("output", review.tokensOut)
            writer.endObject()
            writer.field("duration_ms", review.durationMilliseconds)
            writer.field("summary_comment_id", review.summaryCommentID)
            writer.field("created_at", timestamp(review.createdAt))
            writer.endObject()
        } else {
            writer.rawField("review", Array("null".utf8))
        }
        writer.beginArray("findings")
        for finding in stored?.findings ?? [] {
            writer.beginObject()
            writer.field("pipeline", finding.pipeline)
            writer.field("path", finding.path)
            writer.field("line", finding.line)
            writer.field("severity", finding.severity.rawValue)
            writer.field("category", finding.category)
            writer.field("message", finding.message)
            writer.field("suggestion", finding.suggestion)
            writer.field("fingerprint", finding.fingerprint)
            writer.field("platform_comment_id", finding.platformCommentID)
            writer.field("posted_at", finding.postedAt.map(timestamp))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `{"jobs":[…]}`
    static func list(_ jobs: [Job]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 64 + jobs.count * 320)
        writer.beginObject()
        writer.beginArray("jobs")
        for job in jobs { write(job, into: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `{"repositories":[{"id","platform","platform_id","full_name","is_active","created_at","updated_at"}]}`
    static func repositories(_ repositories: [Repository]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 64 + repositories.count * 200)
        writer.beginObject()
        writer.beginArray("repositories")
        for repository in repositories {
            writer.beginObject()
            writer.field("id", Int(repository.id))
            writer.field("platform", repository.ref.platform.rawValue)
            writer.field("platform_id", repository.ref.platformID)
            writer.field("full_name", repository.ref.fullName)
            writer.field("is_active", repository.isActive)
            writer.field("created_at", timestamp(repository.createdAt))
            writer.field("updated_at", timestamp(repository.updatedAt))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    static func timestamp(_ wallNanoseconds: Int64) -> String {
        UTCDateTime(unixNanoseconds: wallNanoseconds).iso8601WithMilliseconds
    }
}
