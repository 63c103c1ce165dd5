// WebhookResponses: the exact JSON answers of SPEC §4 for webhook deliveries.

import LoomCore
import LoomHTTP

/// Builders for webhook answers.
enum WebhookResponses {
    /// 202 `{"success":true,"job_id":…,"message":…,"repository":…,"pr_number":…}`
    static func queued(jobID: String, repository: String, prNumber: Int, message: String = "Review job queued") -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 160)
        writer.beginObject()
        writer.field("success", true)
        writer.field("job_id", jobID)
        writer.field("message", message)
        writer.field("repository", repository)
        writer.field("pr_number", prNumber)
        writer.endObject()
        return .json(.accepted, writer.bytes)
    }

    /// 200 `{"success":false,"reason":…,"message":…}` for deliveries acknowledged but not queued.
    static func notQueued(reason: WebhookOutcome, message: String) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 96 + message.utf8.count)
        writer.beginObject()
        writer.field("success", false)
        writer.field("reason", reason.rawValue)
        writer.field("message", message)
        writer.endObject()
        return .json(.ok, writer.bytes)
    }

    /// 200 for a closed or merged PR: which queued jobs were cancelled.
    static func cancelled(jobIDs: [String], repository: String, prNumber: Int, reason: String) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 160)
        writer.beginObject()
        writer.field("success", true)
        writer.field("reason", reason)
        writer.field("message", jobIDs.isEmpty ? "Pull request closed; it had no queued jobs"
                                               : "Pull request closed; cancelled \(jobIDs.count) queued job(s)")
        writer.field("repository", repository)
        writer.field("pr_number", prNumber)
        writer.beginArray("cancelled_jobs")
        for id in jobIDs { writer.element(id) }
        writer.endArray()
        writer.endObject()
        return .json(.ok, writer.bytes)
    }

    /// 429 with `Retry-After` and `retry_after`.
    static func rateLimited(retryAfterSeconds: Int, repository: String) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 160)
        writer.beginObject()
        writer.field("success", false)
        writer.field("error", WebhookOutcome.rateLimited.rawValue)
        writer.field("message", "Too many webhooks for \(repository); retry in \(retryAfterSeconds) s")
        writer.field("retry_after", retryAfterSeconds)
        writer.endObject()
        return .json(.tooManyRequests, writer.bytes, headers: [("Retry-After", String(retryAfterSeconds))])
    }
}
