// WebhookEndpoint: POST /webhooks/{platform}: verify, decode, de-duplicate, filter, store, enqueue, answer.

import LoomCore
import LoomCrypto
import LoomHTTP
import LoomPlatforms
import LoomQueue
import LoomStore
import Logging

/// The webhook ingress (SPEC §4). Everything that needs the repository's content or config
/// happens later in the worker; here the delivery is only checked and made durable. The answer
/// is written after the store's commit, so a 2xx never loses a review; when storing fails the
/// answer is 503 and the platform retries.
final class WebhookEndpoint: Sendable {
    struct Policy: Sendable {
        var allowlist: [Glob]?
        var reviewDrafts: Bool
        var maxAttempts: Int = 5
    }

    let processor: WebhookProcessor
    let store: any Store
    let queue: any JobQueue
    /// Shared by every replica when Redis is the queue; the store's unique constraint is the
    /// final word either way.
    let deduplicator: RedisDeduplicator?
    let limiter: RateLimiter?
    let policy: Policy
    let clock: any Clock
    let logger: Logger
    let metrics: WebhookMetrics

    init(processor: WebhookProcessor, store: any Store, queue: any JobQueue, deduplicator: RedisDeduplicator? = nil,
         limiter: RateLimiter?, policy: Policy, clock: any Clock, logger: Logger, metrics: WebhookMetrics = WebhookMetrics()) {
        self.processor = processor
        self.store = store
        self.queue = queue
        self.deduplicator = deduplicator
        self.limiter = limiter
        self.policy = policy
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    func respond(_ request: HTTPRequest, _ context: RequestContext) async -> HTTPResponse {
        guard let name = context.pathParameters["platform"], let platform = Platform(rawValue: name) else {
            return .error(.notFound, code: "not_found", message: "Unknown platform; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let (outcome, response) = await handle(platform, request, context)
        metrics.count(platform, outcome)
        return response
    }

    private func handle(_ platform: Platform, _ request: HTTPRequest, _ context: RequestContext) async -> (WebhookOutcome, HTTPResponse) {
        switch processor.verify(platform: platform, headers: request.headers, body: request.body) {
        case .verified:
            break
        case .notConfigured(let reason):
            logger.error("webhook refused: platform not configured", metadata: ["platform": "\(platform)", "reason": "\(reason)"])
            return (.notConfigured, .error(.internalServerError, code: "not_configured",
                                           message: "\(platform.displayName) webhooks are not configured on this server: \(reason)"))
        case .invalidSignature(let reason):
            logger.warning("webhook refused: bad signature", metadata: [
                "platform": "\(platform)", "reason": "\(reason)", "client": "\(context.clientAddress(for: request))",
            ])
            return (.invalidSignature, .error(.unauthorized, code: "invalid_signature", message: reason))
        }
        // Only after authentication: an unauthenticated client learns nothing but 401.
        if let unsupported = unsupportedMediaType(platform, request) { return (.unsupportedMediaType, unsupported) }
        let decoded: DecodedWebhook
        do {
            decoded = try processor.decode(platform: platform, headers: request.headers, body: request.body)
        } catch {
            return (.invalidPayload, .error(.badRequest, code: "invalid_payload", message: error.message))
        }
        switch decoded {
        case .ignored(let event, _, let reason):
            return (.eventIgnored, WebhookResponses.notQueued(reason: .eventIgnored, message: "Event \(event) ignored: \(reason)"))
        case .pullRequest(let event):
            return await handle(event)
        }
    }

    private func handle(_ event: PullRequestEvent) async -> (WebhookOutcome, HTTPResponse) {
        let repository = event.repository.fullName
        if let allowlist = policy.allowlist, !Glob.any(allowlist, matches: repository) {
            return (.repoNotEnabled, WebhookResponses.notQueued(reason: .repoNotEnabled,
                                                                message: "\(repository) is not in LOOM_REPO_ALLOWLIST"))
        }
        switch event.intent {
        case .ignore(let reason):
            return (.eventIgnored, WebhookResponses.notQueued(reason: .eventIgnored, message: "\(event.eventName) \(event.action) ignored: \(reason)"))
        case .cancel(let reason):
            return await ingest(event, action: .cancelPullRequest(number: event.number, reason: reason))
        case .review(let trigger):
            if event.isDraft && !policy.reviewDrafts {
                return await ingest(event, action: .record(outcome: WebhookOutcome.draft.rawValue))
            }
            guard let head = event.headSHA else {
                return (.invalidPayload, .error(.badRequest, code: "invalid_payload", message: "The payload has no head commit SHA"))
            }
            if let limiter, case .limited(let seconds) = limiter.admit(key: "\(event.platform):\(repository)") {
                return (.rateLimited, WebhookResponses.rateLimited(retryAfterSeconds: seconds, repository: repository))
            }
            let job = NewJob(id: RandomID.uuidV7(unixMilliseconds: clock.wallNanoseconds() / 1_000_000), prNumber: event.number, headSHA: head, baseSHA: event.baseSHA,
                             maxAttempts: policy.maxAttempts, metadata: JobMetadata.make(event, trigger: trigger))
            return await ingest(event, action: .enqueue(job))
        }
    }

    private func ingest(_ event: PullRequestEvent, action: IngestionAction) async -> (WebhookOutcome, HTTPResponse) {
        let request = IngestionRequest(platform: event.platform, deliveryID: event.deliveryID, event: event.eventName,
                                       repository: event.repository, action: action, receivedAt: clock.wallNanoseconds())
        let sharedCheck = await checkDelivery(event)
        if sharedCheck == .duplicate { return duplicateDelivery(event) }
        let outcome: IngestionOutcome
        do {
            outcome = try await store.ingest(request)
        } catch {
            logger.error("webhook not stored; answering 503 so the platform retries", metadata: ["error": "\(error)"])
            if sharedCheck == .first { settleDelivery(event, stored: false) }
            return (.unavailable, .error(.serviceUnavailable, code: "unavailable",
                                         message: "The delivery could not be stored; please retry"))
        }
        if sharedCheck == .first { settleDelivery(event, stored: true) }
        let repository = event.repository.fullName
        switch outcome {
        case .jobCreated(let job, _):
            do {
                try await queue.enqueue(job)
            } catch {
                // The job is durable; the queue rebuilds from the store, so it still runs.
                logger.warning("queue notification failed; the job waits for the next queue sync", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
            return (.queued, WebhookResponses.queued(jobID: job.id, repository: repository, prNumber: event.number))
        case .jobExists(let job):
            return (.jobExists, WebhookResponses.queued(jobID: job.id, repository: repository, prNumber: event.number,
                                                        message: "A review job for this commit already exists"))
        case .duplicateDelivery:
            return duplicateDelivery(event)
        case .repositoryDisabled:
            return (.repoNotEnabled, WebhookResponses.notQueued(reason: .repoNotEnabled, message: "\(repository) is disabled"))
        case .cancelled(let jobIDs):
            return (.cancelled, WebhookResponses.cancelled(jobIDs: jobIDs, repository: repository, prNumber: event.number,
                                                           reason: cancelReason(event)))
        case .recorded:
            return (.draft, WebhookResponses.notQueued(reason: .draft, message: "Draft pull requests are not reviewed (LOOM_REVIEW_DRAFTS=false)"))
        }
    }

    private func duplicateDelivery(_ event: PullRequestEvent) -> (WebhookOutcome, HTTPResponse) {
        (.duplicateDelivery, WebhookResponses.notQueued(reason: .duplicateDelivery,
                                                        message: "Delivery \(event.deliveryID ?? "") was already received"))
    }

    /// What the replicas' shared memory says of this delivery id; nil without Redis, without an
    /// id, or when Redis cannot answer (the store then decides alone).
    private func checkDelivery(_ event: PullRequestEvent) async -> RedisDeduplicator.Outcome? {
        guard let deduplicator, let id = event.deliveryID, !id.isEmpty else { return nil }
        do {
            return try await deduplicator.record(platform: event.platform, deliveryID: id)
        } catch {
            logger.debug("delivery de-duplication unavailable; the store decides", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Marks a delivery this request claimed as stored, or forgets it so the platform's retry
    /// gets through. Off the response path: the store already decided, Redis only remembers.
    private func settleDelivery(_ event: PullRequestEvent, stored: Bool) {
        guard let deduplicator, let id = event.deliveryID else { return }
        let platform = event.platform
        Task {
            if stored {
                try? await deduplicator.markStored(platform: platform, deliveryID: id)
            } else {
                try? await deduplicator.forget(platform: platform, deliveryID: id)
            }
        }
    }

    private func cancelReason(_ event: PullRequestEvent) -> String {
        if case .cancel(let reason) = event.intent { return reason }
        return "pr_closed"
    }

    /// 415 for bodies that are neither JSON nor (GitHub only) a form.
    private func unsupportedMediaType(_ platform: Platform, _ request: HTTPRequest) -> HTTPResponse? {
        guard let contentType = request.headers["Content-Type"]?.lowercased() else { return nil }
        let mediaType = contentType.split(separator: ";").first.map { $0.filter { $0 != " " && $0 != "\t" } } ?? ""
        if mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json" { return nil }
        if platform == .github && mediaType == "application/x-www-form-urlencoded" { return nil }
        return .error(.unsupportedMediaType, code: "unsupported_media_type",
                      message: "Content-Type \(mediaType) is not supported; send application/json")
    }
}
