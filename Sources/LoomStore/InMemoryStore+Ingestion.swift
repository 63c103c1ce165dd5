// InMemoryStore+Ingestion: webhook deliveries — de-duplication, repository registration, job creation and supersession.

import LoomCore

extension InMemoryStore {
    public func ingest(_ request: IngestionRequest) async throws -> IngestionOutcome {
        state.withLock { state in
            let key = request.deliveryID.map { DeliveryKey(platform: request.platform, deliveryID: $0) }
            if let key, state.deliveries[key] != nil { return .duplicateDelivery }
            let (outcome, recorded) = state.apply(request)
            if let key { state.deliveries[key] = recorded }
            return outcome
        }
    }
}

extension InMemoryStore.State {
    /// Everything `ingest` does after de-duplication, in one critical section: the outcome and
    /// what the deliveries table records for it.
    mutating func apply(_ request: IngestionRequest) -> (IngestionOutcome, String) {
        let disabled = (IngestionOutcome.repositoryDisabled, DeliveryOutcome.repoNotEnabled.rawValue)
        switch request.action {
        case .record(let outcome):
            // Drafts and the like: remembered for de-duplication only, no repository registered.
            return (.recorded, outcome)
        case .cancelPullRequest(let number, let reason):
            let repository = register(request.repository, now: request.receivedAt)
            guard repository.isActive else { return disabled }
            let stopped = stopJobs(repositoryID: repository.id, prNumber: number, exceptHead: nil, reason: reason,
                                   now: request.receivedAt)
            return (.cancelled(jobIDs: stopped.cancelled), DeliveryOutcome.cancelled.rawValue)
        case .enqueue(let new):
            let repository = register(request.repository, now: request.receivedAt)
            guard repository.isActive else { return disabled }
            let key = InMemoryStore.JobKey(repositoryID: repository.id, prNumber: new.prNumber, headSHA: new.headSHA)
            if let existing = jobByKey[key], let job = jobs[existing] {
                return (.jobExists(job), DeliveryOutcome.duplicateJob.rawValue)
            }
            let stopped = stopJobs(repositoryID: repository.id, prNumber: new.prNumber, exceptHead: new.headSHA,
                                   reason: "superseded", now: request.receivedAt)
            let job = Job(
                id: new.id, repositoryID: repository.id, platform: request.platform, repository: repository.ref.fullName,
                prNumber: new.prNumber, headSHA: new.headSHA, baseSHA: new.baseSHA, priority: new.priority,
                maxAttempts: new.maxAttempts, runAt: request.receivedAt, createdAt: request.receivedAt,
                metadata: new.metadata)
            jobs[job.id] = job
            jobByKey[key] = job.id
            jobsByPullRequest[InMemoryStore.PullRequestKey(repositoryID: repository.id, prNumber: new.prNumber), default: []]
                .append(job.id)
            let recorded: DeliveryOutcome = stopped.cancelled.isEmpty && stopped.flagged.isEmpty ? .queued : .supersededOlder
            return (.jobCreated(job, superseded: stopped.cancelled), recorded.rawValue)
        }
    }

    /// Cancels the PR's queued jobs and asks its processing ones to stop (the first reason
    /// given is kept), all but `exceptHead`'s.
    mutating func stopJobs(repositoryID: Int64, prNumber: Int, exceptHead: String?, reason: String,
                           now: Int64) -> (cancelled: [String], flagged: [String]) {
        let ids = jobsByPullRequest[InMemoryStore.PullRequestKey(repositoryID: repositoryID, prNumber: prNumber)] ?? []
        let ofPR = ids.compactMap { jobs[$0] }
            .filter { $0.headSHA != exceptHead }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        var cancelled: [String] = [], flagged: [String] = []
        for job in ofPR {
            switch job.status {
            case .queued:
                _ = cancel(id: job.id, reason: reason, now: now)
                cancelled.append(job.id)
            case .processing:
                if stopRequests[job.id] == nil { stopRequests[job.id] = reason }
                flagged.append(job.id)
            case .completed, .skipped, .failed, .cancelled:
                break
            }
        }
        return (cancelled, flagged)
    }
}
