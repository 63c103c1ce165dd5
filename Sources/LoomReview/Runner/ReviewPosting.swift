// ReviewPosting: anchors and caps findings, posts what is new, and writes the summary in place.

import LoomCore
import LoomLLM
import LoomPlatforms
import LoomStore

/// What a review posted.
struct PostedReview: Sendable {
    var plan: OutputPlan
    /// Platform comment id per finding fingerprint (new and earlier posts).
    var commentIDs: [String: String]
    var summaryCommentID: String?
    var postedAt: Int64

    func review(jobID: String, info: PullRequestInfo, outcomes: [PipelineOutcome], duration: Duration, now: Int64) -> ReviewRecord {
        let reported = plan.reported.map(\.finding)
        let usage = outcomes.reduce(TokenUsage.zero) { $0 + $1.usage }
        var models: [String] = []
        for outcome in outcomes where !models.contains(outcome.model) { models.append(outcome.model) }
        return ReviewRecord(jobID: jobID, prTitle: info.title, prAuthor: info.author,
                            blockers: reported.filter { $0.severity == .blocker }.count,
                            warnings: reported.filter { $0.severity == .warning }.count,
                            infos: reported.filter { $0.severity == .info }.count,
                            model: models.isEmpty ? nil : models.joined(separator: ","), tokensIn: usage.input,
                            tokensOut: usage.output, durationMilliseconds: Int(duration.seconds * 1000),
                            summaryCommentID: summaryCommentID, createdAt: now)
    }

    func findingRecords(now: Int64) -> [FindingRecord] {
        plan.reported.map { anchored in
            let finding = anchored.finding
            let id = commentIDs[finding.fingerprint]
            return FindingRecord(pipeline: finding.pipeline, path: finding.path, line: anchored.inlineLine ?? finding.line,
                                 severity: finding.severity, category: finding.category, message: finding.message,
                                 suggestion: finding.suggestion, fingerprint: finding.fingerprint, platformCommentID: id,
                                 postedAt: id == nil ? nil : postedAt)
        }
    }
}

/// Posts one review's results to its pull request.
struct ReviewPosting: Sendable {
    let client: any PlatformClient
    let ref: PullRequestRef
    let info: PullRequestInfo
    let diff: Diff
    let config: ReviewConfig
    let metrics: ReviewMetrics
    let platform: Platform

    /// Every Loom comment carries a marker starting with this.
    static let markerPrefix = "<!-- loom:"

    func post(_ outcomes: [PipelineOutcome], configChange: SummaryReport.ConfigChange?, duration: Duration) async throws -> PostedReview {
        let existing = try await client.loomComments(ref, marker: Self.markerPrefix)
        var commentIDs: [String: String] = [:]
        for comment in existing where comment.kind == .inline {
            for fingerprint in comment.loomFingerprints { commentIDs[fingerprint] = comment.id }
        }
        let anchored = FindingAnchor(diff: diff).anchor(outcomes.flatMap(\.findings))
        let plan = OutputPolicy(config.output).apply(anchored, diff: diff, alreadyPosted: existing.postedFingerprints)
        let comments = InlineCommentRenderer.comments(for: plan.inline, groupByFile: config.output.groupByFile)
        var rejected: [SummaryReport.Rejected] = []
        if !comments.isEmpty {
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: comments)
            var resultByComment: [String: CommentResult] = [:]
            for (comment, result) in zip(comments, results) { resultByComment[commentKey(comment.path, comment.fingerprint)] = result }
            var posted = 0
            for (comment, result) in zip(comments, results) { if case .posted = result { posted += 1 } else { _ = comment } }
            metrics.commentsPosted(platform, kind: "inline", count: posted)
            for finding in plan.inline {
                // A grouped comment covers every finding of its file; its key is the file's first fingerprint.
                let key = config.output.groupByFile
                    ? comments.first { $0.path == finding.finding.path }.map { commentKey($0.path, $0.fingerprint) } ?? ""
                    : commentKey(finding.finding.path, finding.finding.fingerprint)
                switch resultByComment[key] {
                case .posted(let id): commentIDs[finding.finding.fingerprint] = id
                case .rejected(let reason): rejected.append(SummaryReport.Rejected(finding: finding, reason: reason))
                case nil: rejected.append(SummaryReport.Rejected(finding: finding, reason: "not posted"))
                }
            }
        }
        var summaryID: String?
        if config.output.summary {
            let report = SummaryReport(
                headSHA: info.headSHA, plan: plan, rejected: rejected, totalFiles: diff.files.count,
                reviewedFiles: outcomes.reduce(into: Set<String>()) { $0.formUnion($1.reviewedPaths) }.count,
                skipped: skippedFiles(outcomes), chunks: outcomes.reduce(0) { $0 + $1.chunks },
                pipelines: outcomes.map(\.summary), durationSeconds: duration.seconds, configChange: configChange,
                maxComments: config.output.maxComments, maxCommentsPerFile: config.output.maxCommentsPerFile)
            summaryID = try await client.upsertSummary(ref, body: SummaryRenderer().render(report), existing: existing.loomSummary)
            metrics.commentsPosted(platform, kind: "summary", count: 1)
        }
        metrics.findings(plan.reported.map(\.finding))
        return PostedReview(plan: plan, commentIDs: commentIDs, summaryCommentID: summaryID, postedAt: 0)
    }

    private func commentKey(_ path: String, _ fingerprint: String) -> String { path + "\u{0}" + fingerprint }

    /// Files no pipeline reviewed, once each, with every reason.
    private func skippedFiles(_ outcomes: [PipelineOutcome]) -> [SkippedFile] {
        var seen = Set<String>()
        var skipped: [SkippedFile] = []
        for file in diff.files where file.isBinary {
            skipped.append(SkippedFile(path: file.path, reason: "binary file"))
            seen.insert(file.path + "\u{0}binary file")
        }
        for outcome in outcomes {
            for file in outcome.skipped where seen.insert(file.path + "\u{0}" + file.reason).inserted { skipped.append(file) }
        }
        return skipped
    }
}
