// ScaleOutEndToEndTests: API + worker processes on PostgreSQL and Redis; a worker kill -9 or a Redis restart loses and doubles nothing.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("End to end: scale-out (API and worker processes, PostgreSQL, Redis)", .serialized,
       .enabled(if: RedisServerProcess.executable != nil, "needs redis-server"))
struct ScaleOutEndToEndTests {
    static let base = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"

    @Test("500 webhooks, three workers, one kill -9'd mid-review: every job completes, no comment is posted twice")
    func workerKilledMidReview() async throws {
        try await TestPostgres.withDatabase { databaseURL in
            let redis = try RedisServerProcess()
            let github = FakeGitHub(owner: "Codertocat", name: "Hello-World")
            try await github.start()
            // A slow model, so that a worker always has reviews waiting on it.
            let model = try await FakeModelServer.start([.init(content: EndToEnd.firstReply, delay: .milliseconds(200))])
            Self.addPullRequests(500, to: github, modelURL: model.baseURL)
            let cluster = try await ScaleOutCluster.start(databaseURL: databaseURL, redisURL: redis.url, github: github, workers: 3,
                                                          concurrency: 4, leaseSeconds: 4)
            defer { cluster.terminate() }
            let senders = try WebhookSenders(to: cluster.api.address, total: 500, senders: 4)

            // Once a third of the reviews reached the model, kill worker 0 halfway through posting a
            // review (its inline comments posted, its summary not yet) while its other reviews run.
            let victim = cluster.workers[0]
            let victimKey = "Bearer " + victim.apiKey
            let third = try await Self.poll(timeout: .seconds(90)) { model.calls.count >= 170 }
            try #require(third, "the model saw only \(model.calls.count) requests\n\(cluster.diagnostics)")
            let halfPosted = try await Self.killMidPosting(victim, github: github, model: model, timeout: .seconds(30))
            try #require(!halfPosted.isEmpty, "worker 0 was never caught between its inline comments and its summary")
            let waiting = Set(model.calls.filter { $0.authorization == victimKey && !$0.answered }.compactMap(Self.pullRequestNumber))
            let interrupted = halfPosted.union(waiting)
            #expect(victim.process.waitForExit(timeout: 10) != nil, "worker 0 did not die")
            senders.join()

            let answers = senders.answers
            let refused = answers.filter { $0.value.status != 202 || $0.value.jobID == nil }
            #expect(answers.count == 500 && refused.isEmpty, "\(refused.count) deliveries not queued: \(refused.prefix(5))")
            let ids = Set(answers.values.compactMap(\.jobID))
            #expect(ids.count == 500, "one job per webhook")

            let jobs = try await cluster.waitUntilFinal(ids, timeout: .seconds(120))
            let unfinished = ids.filter { jobs[$0]?["status"] as? String != "completed" }
            #expect(unfinished.isEmpty, """
                \(unfinished.count) jobs not completed, e.g. \(unfinished.prefix(3).map { jobs[$0] ?? ["id": $0] })
                \(cluster.diagnostics)
                """)
            let problems = Self.commentProblems(github, accepted: Set(1...500), total: 500)
            #expect(problems.isEmpty, "\(problems.count) PRs with wrong comments: \(problems.prefix(10))")

            // The reviews the kill interrupted were rescued and run again by another worker, which
            // did not post again the inline comments already there (checked above) and added the summary.
            let callsByPull = Dictionary(grouping: model.calls) { Self.pullRequestNumber($0) ?? 0 }
            for number in interrupted.sorted() {
                let job = answers[number]?.jobID.flatMap { jobs[$0] } ?? [:]
                #expect((job["attempts"] as? Int ?? 0) >= 2, "PR \(number) was running on the killed worker: \(job)")
                #expect(callsByPull[number]?.contains { $0.authorization != victimKey } == true,
                        "PR \(number) was not reviewed again by a surviving worker")
            }
            // Only the kill made a review run twice: a live worker never lost a job it was running.
            let rerun = callsByPull.filter { $0.value.count > 1 && !$0.value.contains { $0.authorization == victimKey } }
            #expect(rerun.isEmpty, "reviews run more than once without the kill: PRs \(rerun.keys.sorted().prefix(10))")
            for worker in cluster.workers.dropFirst() {
                #expect(ScaleOutCluster.request(worker.address, "GET", "/health")?.status == 200, "a surviving worker is unhealthy")
            }

            cluster.terminate()
            await model.stop()
            await github.stop()
        }
    }

    @Test("Redis kill -9'd and restarted while webhooks arrive: every delivery answered 2xx is reviewed, once")
    func redisRestartedMidRun() async throws {
        try await TestPostgres.withDatabase { databaseURL in
            let redis = try RedisServerProcess()  // append-only, fsync always
            let github = FakeGitHub(owner: "Codertocat", name: "Hello-World")
            try await github.start()
            let model = try await FakeModelServer.start([.init(content: EndToEnd.firstReply, delay: .milliseconds(100))])
            Self.addPullRequests(200, to: github, modelURL: model.baseURL)
            let cluster = try await ScaleOutCluster.start(databaseURL: databaseURL, redisURL: redis.url, github: github, workers: 2,
                                                          concurrency: 4, leaseSeconds: 4)
            defer { cluster.terminate() }
            let senders = try WebhookSenders(to: cluster.api.address, total: 200, senders: 2, allowed: 100)

            // Phase 0: Redis up. Kill it while deliveries and reviews are under way.
            try #require(try await Self.poll(timeout: .seconds(60)) { senders.answered >= 60 }, "\(cluster.diagnostics)")
            senders.advancePhase()
            redis.kill()
            senders.allow(upTo: 150)
            // Phase 1: Redis down until 25 deliveries were both sent and answered during the outage.
            let outageAnswered = try await Self.poll(timeout: .seconds(60)) {
                senders.answers.values.filter { $0.phaseSent == 1 && $0.phaseAnswered == 1 }.count >= 25
            }
            try #require(outageAnswered, "deliveries stalled while Redis was down\n\(cluster.diagnostics)")
            senders.advancePhase()
            try redis.start()
            senders.advancePhase()
            // Phases 2 and 3: Redis restarting, then back with its append-only file; the rest of the deliveries.
            senders.allow(upTo: 200)
            senders.join()

            let answers = senders.answers
            let accepted = answers.filter { (200..<300).contains($0.value.status) && $0.value.jobID != nil }
            let duringOutage = accepted.filter { $0.value.phaseSent == 1 && $0.value.phaseAnswered == 1 }
            #expect(answers.count == 200)
            #expect(!duringOutage.isEmpty,
                    "no delivery was acknowledged while Redis was down: \(answers.values.filter { $0.phaseSent == 1 }.map(\.status))")
            let ids = Set(accepted.values.compactMap(\.jobID))
            #expect(ids.count == accepted.count, "one job per accepted webhook")

            // Jobs stored while Redis was down never reached the queue: the workers' reconciliation
            // re-offers them once they have been ready ~30 s with the queue empty.
            let jobs = try await cluster.waitUntilFinal(ids, timeout: .seconds(100))
            let unfinished = ids.filter { jobs[$0]?["status"] as? String != "completed" }
            let lostFromOutage = duringOutage.values.filter { unfinished.contains($0.jobID ?? "") }.count
            #expect(unfinished.isEmpty, """
                \(unfinished.count) acknowledged jobs not completed (\(lostFromOutage) acknowledged during the outage), \
                e.g. \(unfinished.prefix(3).map { jobs[$0] ?? ["id": $0] })
                \(cluster.diagnostics)
                """)
            let problems = Self.commentProblems(github, accepted: Set(accepted.keys), total: 200)
            #expect(problems.isEmpty, "\(problems.count) PRs with wrong comments: \(problems.prefix(10))")
            // No worker died and no lease was lost: every review ran exactly once.
            let callsByPull = Dictionary(grouping: model.calls) { Self.pullRequestNumber($0) ?? 0 }
            let rerun = callsByPull.filter { $0.value.count != 1 }
            #expect(rerun.isEmpty, "reviews run more than once: \(rerun.mapValues(\.count).sorted { $0.key < $1.key }.prefix(10))")

            cluster.terminate()
            await model.stop()
            await github.stop()
        }
    }

    /// Freezes `victim` (SIGSTOP) when one of its reviews has posted inline comments but no summary;
    /// if that still holds once requests in flight have landed, kills it (SIGKILL), else lets it go on
    /// (SIGCONT) and watches again. Returns the PRs whose posting the kill cut off (empty after `timeout`).
    static func killMidPosting(_ victim: ScaleOutCluster.Node, github: FakeGitHub, model: FakeModelServer,
                               timeout: Duration) async throws -> Set<Int> {
        let victimKey = "Bearer " + victim.apiKey
        var victimPulls = Set<Int>()
        var seenCalls = 0
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let calls = model.calls
            for call in calls[seenCalls...] where call.authorization == victimKey {
                if let number = pullRequestNumber(call) { victimPulls.insert(number) }
            }
            seenCalls = calls.count
            if !inlineWithoutSummary(github, among: victimPulls).isEmpty {
                victim.process.signal(SIGSTOP)
                try await Task.sleep(for: .milliseconds(50))
                let cut = inlineWithoutSummary(github, among: victimPulls)
                if !cut.isEmpty {
                    victim.process.signal(SIGKILL)
                    return cut
                }
                victim.process.signal(SIGCONT)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        return []
    }

    /// The PRs among `pulls` with inline comments and no summary.
    static func inlineWithoutSummary(_ github: FakeGitHub, among pulls: Set<Int>) -> Set<Int> {
        var inline = Set<Int>()
        var summary = Set<Int>()
        for comment in github.comments where pulls.contains(comment.pullRequest) {
            if comment.kind == .summary { summary.insert(comment.pullRequest) } else { inline.insert(comment.pullRequest) }
        }
        return inline.subtracting(summary)
    }

    /// Registers PRs 1…count, each titled with its number so that the model's prompts tell them apart.
    static func addPullRequests(_ count: Int, to github: FakeGitHub, modelURL: String) {
        let config = EndToEnd.config(modelURL: modelURL)
        for number in 1...count {
            var pull = EndToEnd.pullRequest(number: number, head: WebhookSenders.head(number), base: base, config: config)
            pull.title = "Scale-out PR #\(number)"
            github.addPullRequest(pull)
        }
    }

    /// The PR a model request reviews, from the title in its prompt.
    static func pullRequestNumber(_ call: FakeModelServer.Call) -> Int? {
        let text = String(decoding: call.body, as: UTF8.self)
        guard let range = text.range(of: "Scale-out PR #") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// What is wrong with the comments on PRs 1…total: an accepted PR has exactly one summary and
    /// the three expected inline comments; no PR has any comment twice.
    static func commentProblems(_ github: FakeGitHub, accepted: Set<Int>, total: Int) -> [String] {
        let byPull = Dictionary(grouping: github.comments, by: \.pullRequest)
        var problems: [String] = []
        for number in 1...total {
            let comments = byPull[number] ?? []
            let summaries = comments.filter { $0.kind == .summary }.count
            let inline = comments.filter { $0.kind == .inline }
            let keys = inline.map { "\(EndToEnd.key($0)) \($0.body)" }
            if Set(keys).count != keys.count || summaries > 1 {
                problems.append("PR \(number): posted twice (\(summaries) summaries, \(keys.count) inline)")
            } else if accepted.contains(number), summaries != 1 || Set(inline.map(EndToEnd.key)) != EndToEnd.firstInline {
                problems.append("PR \(number): \(summaries) summaries, inline at \(inline.map(EndToEnd.key).sorted())")
            }
        }
        return problems
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
    static func poll(timeout: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
