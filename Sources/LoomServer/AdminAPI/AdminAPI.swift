// AdminAPI: /api/jobs, /api/jobs/{id}, retry, cancel and /api/repos behind LOOM_ADMIN_TOKEN.

import LoomCore
import LoomCrypto
import LoomHTTP
import LoomQueue
import LoomStore
import Logging

/// The JSON admin API (SPEC §3). Disabled unless `LOOM_ADMIN_TOKEN` is set; every call needs
/// `Authorization: Bearer <token>`.
final class AdminAPI: Sendable {
    let token: String?
    let store: any Store
    let scheduler: Scheduler?
    let logger: Logger

    init(token: String?, store: any Store, scheduler: Scheduler?, logger: Logger) {
        self.token = token
        self.store = store
        self.scheduler = scheduler
        self.logger = logger
    }

    /// Adds the API's routes.
    func register(on router: inout Router) {
        router.on(.get, "/api/jobs") { [self] request, _ in await guarded(request) { try await listJobs(request) } }
        router.on(.get, "/api/jobs/{id}") { [self] request, context in
            await guarded(request) { try await showJob(context.pathParameters["id"] ?? "") }
        }
        router.on(.post, "/api/jobs/{id}/retry") { [self] request, context in
            await guarded(request) { try await retryJob(context.pathParameters["id"] ?? "") }
        }
        router.on(.post, "/api/jobs/{id}/cancel") { [self] request, context in
            await guarded(request) { try await cancelJob(context.pathParameters["id"] ?? "") }
        }
        router.on(.get, "/api/repos") { [self] request, _ in
            await guarded(request) { .json(.ok, JobJSON.repositories(try await store.repositories())) }
        }
    }

    /// Checks the bearer token, runs `body`, and turns store failures into 503.
    private func guarded(_ request: HTTPRequest, _ body: () async throws -> HTTPResponse) async -> HTTPResponse {
        guard let token else {
            return .error(.forbidden, code: "api_disabled", message: "The admin API is disabled; set LOOM_ADMIN_TOKEN to enable it")
        }
        let presented = request.headers["Authorization"].flatMap { value -> String? in
            guard value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
            return String(value.dropFirst(7))
        }
        guard let presented, ConstantTime.equals(presented, token) else {
            return .error(.unauthorized, code: "unauthorized", message: "Send Authorization: Bearer <LOOM_ADMIN_TOKEN>",
                          headers: [("WWW-Authenticate", "Bearer")])
        }
        do {
            return try await body()
        } catch {
            logger.error("admin API store failure", metadata: ["error": "\(error)"])
            return .error(.serviceUnavailable, code: "unavailable", message: "The store is unavailable; try again")
        }
    }

    private func listJobs(_ request: HTTPRequest) async throws -> HTTPResponse {
        var filter = JobFilter()
        if let status = request.queryParameter("status"), !status.isEmpty {
            guard let parsed = JobStatus(rawValue: status) else {
                return .error(.badRequest, code: "invalid_status",
                              message: "status must be one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.status = parsed
        }
        if let repository = request.queryParameter("repo"), !repository.isEmpty { filter.repository = repository }
        if let limit = request.queryParameter("limit"), !limit.isEmpty {
            guard let parsed = Int(limit), parsed > 0 else {
                return .error(.badRequest, code: "invalid_limit", message: "limit must be a whole number from 1 to 500")
            }
            filter = JobFilter(status: filter.status, repository: filter.repository, limit: parsed)
        }
        return .json(.ok, JobJSON.list(try await store.listJobs(filter)))
    }

    private func showJob(_ id: String) async throws -> HTTPResponse {
        guard let job = try await store.job(id: id) else { return notFound(id) }
        return .json(.ok, JobJSON.detail(job, review: try await store.review(jobID: id)))
    }

    private func retryJob(_ id: String) async throws -> HTTPResponse {
        guard let existing = try await store.job(id: id) else { return notFound(id) }
        guard existing.status.isFinal else {
            return .error(.conflict, code: "not_retryable", message: "Job \(id) is \(existing.status.rawValue); only finished jobs can be retried")
        }
        let retried = if let scheduler { try await scheduler.retry(jobID: id) } else { try await store.retryJob(id: id, now: SystemClock().wallNanoseconds()) }
        guard let retried else { return notFound(id) }
        return jobResponse(retried)
    }

    private func cancelJob(_ id: String) async throws -> HTTPResponse {
        guard let existing = try await store.job(id: id) else { return notFound(id) }
        guard !existing.status.isFinal else {
            return .error(.conflict, code: "not_cancellable", message: "Job \(id) is already \(existing.status.rawValue)")
        }
        let cancelled = if let scheduler { try await scheduler.cancel(jobID: id, reason: "cancelled_by_operator") }
            else { try await store.cancelJob(id: id, reason: "cancelled_by_operator", now: SystemClock().wallNanoseconds()) }
        guard let cancelled else { return notFound(id) }
        return jobResponse(cancelled)
    }

    private func jobResponse(_ job: Job) -> HTTPResponse {
        var writer = JSONWriter(reservingCapacity: 384)
        JobJSON.write(job, into: &writer)
        return .json(.ok, writer.bytes)
    }

    private func notFound(_ id: String) -> HTTPResponse {
        .error(.notFound, code: "job_not_found", message: "No job with id \(id)")
    }
}
