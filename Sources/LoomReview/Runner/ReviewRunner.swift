// ReviewRunner: the job handler that turns a queued job into inline comments and one summary (SPEC §6).

public import LoomCore
import LoomLLM
public import LoomPlatforms
public import LoomQueue
public import LoomStore
public import CoreMetrics
import Logging

/// Runs one review job end to end. Stage boundaries (after fetching, after configuration, after
/// the model calls) check whether the PR moved on, so a superseded job stops without posting.
/// Posting is idempotent: Loom's earlier comments are listed first, findings already posted are
/// not posted again, and the summary is found by its marker and edited in place.
public final class ReviewRunner: JobHandler {
    let environment: ReviewEnvironment
    let store: any Store
    let configurations: RepositoryConfiguration
    let metrics: ReviewMetrics

    public init(environment: ReviewEnvironment, store: any Store, metricsFactory: (any MetricsFactory)? = nil) {
        self.environment = environment
        self.store = store
        configurations = RepositoryConfiguration(clock: environment.clock)
        metrics = ReviewMetrics(factory: metricsFactory ?? MetricsSystem.factory)
    }

    public func run(_ job: Job, context: JobContext) async -> JobOutcome {
        guard let client = environment.platforms[job.platform] else {
            return .failed(error: environment.unconfiguredPlatforms[job.platform]
                ?? "\(job.platform.displayName) API access is not configured on this server")
        }
        let ref = PullRequestRef(repository: RepositoryRef(platform: job.platform, platformID: job.metadata["repository_id"] ?? "",
                                                           fullName: job.repository),
                                 number: job.prNumber, attributes: job.metadata)
        do {
            return try await review(job, ref: ref, client: client, context: context)
        } catch let error as PlatformAPIError {
            environment.logger.warning("platform API call failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            return error.isTransient ? .retry(error: error.description) : .failed(error: error.description)
        } catch {
            return .retry(error: "\(error)")
        }
    }

    private func review(_ job: Job, ref: PullRequestRef, client: any PlatformClient, context: JobContext) async throws -> JobOutcome {
        let started = environment.clock.now()
        let info = try await client.pullRequest(ref)
        if info.state != "open" { return .cancelled(reason: info.state == "merged" ? "pr_merged" : "pr_closed") }
        if !Self.sameCommit(info.headSHA, job.headSHA) { return .cancelled(reason: "superseded") }
        if let stop = await context.stopReason() { return .cancelled(reason: stop.rawValue) }

        let loaded: LoadedConfiguration
        switch try await configurations.load(client, ref, commit: info.baseSHA, defaultModel: environment.defaultModel) {
        case .missing:
            return .skipped(reason: "no_config")
        case .invalid(let errors):
            let existing = try await client.loomComments(ref, marker: LoomMarkers.summary).loomSummary
            _ = try await client.upsertSummary(ref, body: NoticeComments.configError(errors), existing: existing)
            metrics.commentsPosted(job.platform, kind: "config_error", count: 1)
            return .failed(error: "invalid \(RepositoryConfiguration.configPath): \(errors.first?.description ?? "")")
        case .loaded(let value):
            loaded = value
        }
        let diff = try await client.diff(ref, info: info)
        switch TriggerEvaluator(config: loaded.config).evaluate(PullRequestFacts(pullRequest: info, diff: diff)) {
        case .run:
            break
        case .skip(let reason, _):
            if reason == .prTooLarge {
                let existing = try await client.loomComments(ref, marker: LoomMarkers.summary).loomSummary
                let body = NoticeComments.prTooLarge(changedLines: diff.changedLineCount, maxChanges: loaded.config.triggers.maxChanges,
                                                     changedFiles: diff.files.count, maxFiles: loaded.config.triggers.maxFiles)
                _ = try await client.upsertSummary(ref, body: body, existing: existing)
                metrics.commentsPosted(job.platform, kind: "summary", count: 1)
            }
            return .skipped(reason: reason.rawValue)
        }
        if let stop = await context.stopReason() { return .cancelled(reason: stop.rawValue) }

        let outcomes = await runPipelines(loaded, diff: diff, info: info, repository: job.repository)
        if let stop = await context.stopReason() { return .cancelled(reason: stop.rawValue) }
        let configChange = await configChange(diff, client: client, ref: ref, head: info.headSHA)
        let posting = ReviewPosting(client: client, ref: ref, info: info, diff: diff, config: loaded.config, metrics: metrics,
                                    platform: job.platform)
        let posted = try await posting.post(outcomes, configChange: configChange,
                                            duration: environment.clock.now() - started)
        try await store.saveReview(posted.review(jobID: job.id, info: info, outcomes: outcomes,
                                                 duration: environment.clock.now() - started,
                                                 now: environment.clock.wallNanoseconds()),
                                   findings: posted.findingRecords(now: environment.clock.wallNanoseconds()))
        return .completed
    }

    private func runPipelines(_ loaded: LoadedConfiguration, diff: Diff, info: PullRequestInfo, repository: String) async -> [PipelineOutcome] {
        let limiter = ConcurrencyLimiter(limit: environment.modelConcurrency)
        let runs: [PipelineRun] = loaded.config.enabledPipelines.compactMap { pipeline in
            guard let settings = loaded.config.model(for: pipeline), let template = loaded.prompts[pipeline.name] else { return nil }
            return PipelineRun(pipeline: pipeline, template: template, settings: settings,
                               retries: loaded.config.advanced.effectiveRetries, pullRequest: info, repository: repository,
                               environment: environment)
        }
        if !loaded.config.advanced.parallelPipelines {
            var outcomes: [PipelineOutcome] = []
            for run in runs { outcomes.append(await run.run(diff, limiter: limiter)) }
            return outcomes
        }
        return await withTaskGroup(of: (Int, PipelineOutcome).self) { group in
            for (index, run) in runs.enumerated() { group.addTask { (index, await run.run(diff, limiter: limiter)) } }
            var outcomes: [(Int, PipelineOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// When the PR edits `.loom/`, the summary says the new config applies after merge and lists
    /// its validation errors (read at the head commit; never used for this review).
    private func configChange(_ diff: Diff, client: any PlatformClient, ref: PullRequestRef, head: String) async -> SummaryReport.ConfigChange? {
        let paths = diff.files.map(\.path).filter { $0.hasPrefix(".loom/") }
        guard !paths.isEmpty else { return nil }
        var errors: [String] = []
        if paths.contains(RepositoryConfiguration.configPath),
           let bytes = try? await client.file(ref, path: RepositoryConfiguration.configPath, at: head) {
            errors = RepositoryConfiguration.validate(String(decoding: bytes, as: UTF8.self)).map(\.description)
        }
        return SummaryReport.ConfigChange(paths: paths, validationErrors: errors)
    }

    /// Commit ids match when one is a prefix of the other (Bitbucket webhooks send 12-character hashes).
    static func sameCommit(_ first: String, _ second: String) -> Bool {
        let a = first.lowercased()
        let b = second.lowercased()
        return a.hasPrefix(b) || b.hasPrefix(a)
    }
}
