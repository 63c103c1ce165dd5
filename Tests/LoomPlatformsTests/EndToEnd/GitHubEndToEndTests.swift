// GitHubEndToEndTests: signed webhook → job → fake GitHub + fake model → comments on the right lines, one summary.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("End to end: GitHub", .serialized)
struct GitHubEndToEndTests {
    static let head = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"
    static let base = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"

    func deliver(_ loom: TestLoom, _ file: String, head: String = head) throws -> RawResponse? {
        let body = try EndToEnd.fixture(file, replacing: [(Self.head, head)])
        return try loom.deliver(.github, body: body, headers: [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", UUID().uuidString)])
    }

    /// Loom with workers, pointed at the fake GitHub, with the key the config names.
    func startLoom(for github: FakeGitHub) async throws -> TestLoom {
        try await TestLoom.start(workers: true) { settings in
            settings.github.apiURL = github.baseURL
            settings.github.apiToken = github.token
            settings.environment["OPENAI_API_KEY"] = "sk-test"
        }
    }

    func stop(_ loom: TestLoom, _ model: FakeModelServer, _ github: FakeGitHub) async {
        await loom.stop()
        await model.stop()
        await github.stop()
    }

    @Test("inline comments on the anchored lines, one summary; re-delivery adds nothing; new commits add only the new finding")
    func reviewRedeliveryAndNewCommits() async throws {
        let github = FakeGitHub(owner: "Codertocat", name: "Hello-World")
        try await github.start()
        let model = try await FakeModelServer.start([.init(content: EndToEnd.firstReply)])
        let config = EndToEnd.config(modelURL: model.baseURL)
        github.addPullRequest(EndToEnd.pullRequest(number: 2, head: Self.head, base: Self.base, config: config))
        let loom = try await startLoom(for: github)

        let first = try #require(EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.opened.json")))
        let job = try await loom.waitForFinalJob(first)
        #expect(job["status"] as? String == "completed", "\(job)")
        let inline = github.comments.filter { $0.kind == .inline }
        #expect(Set(inline.map(EndToEnd.key)) == EndToEnd.firstInline)
        #expect(inline.count == 3)
        let summaries = github.comments.filter { $0.kind == .summary }
        #expect(summaries.count == 1)
        let summary = try #require(summaries.first?.body)
        #expect(summary.contains("README.md") && summary.contains("Consider a docstring"), "outside-the-diff findings are listed")
        #expect(summary.contains("<!-- loom:summary -->"))
        // The model saw the annotated diff, the repository and the PR title as data.
        let prompt = try #require(model.prompts.first)
        #expect(prompt.contains("   2 + import sys") && prompt.contains("Codertocat/Hello-World"))
        #expect(prompt.contains("<untrusted name=\"pr_title\">"))
        #expect((model.requests.first?["model"] as? String) == "review-model")
        // Stored: the review with counts and the findings with their comment ids.
        let stored = try loom.job(first)
        let findings = stored["findings"] as? [[String: Any]] ?? []
        #expect(findings.count == 5)
        #expect(findings.filter { $0["platform_comment_id"] is String }.count == 3)
        #expect(((stored["review"] as? [String: Any])?["counts"] as? [String: Int])?["blocker"] == 1)

        // The same head delivered again: the same job, nothing new posted.
        let again = EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.synchronize.json"))
        #expect(again == first)
        try await Task.sleep(for: .milliseconds(300))
        #expect(github.comments.count == 4)

        // New commits: earlier findings are not posted twice, the new one is, the summary is edited.
        let newHead = "3333333333333333333333333333333333333333"
        github.addPullRequest(EndToEnd.pullRequest(number: 2, head: newHead, base: Self.base, config: config))
        model.script([.init(content: EndToEnd.secondReply)])
        let second = try #require(EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.synchronize.json", head: newHead)))
        #expect(second != first)
        #expect(try await loom.waitForFinalJob(second)["status"] as? String == "completed")
        let afterInline = github.comments.filter { $0.kind == .inline }
        #expect(afterInline.count == 4)
        #expect(Set(afterInline.map(EndToEnd.key)) == EndToEnd.firstInline.union(["src/app.py:21"]))
        let afterSummaries = github.comments.filter { $0.kind == .summary }
        #expect(afterSummaries.count == 1 && afterSummaries.first?.edits == 1)

        await stop(loom, model, github)
    }

    @Test("an invalid .loom/config.yaml fails the job and is explained once, with its line")
    func configErrorPostedOnce() async throws {
        let github = FakeGitHub(owner: "Codertocat", name: "Hello-World")
        try await github.start()
        let model = try await FakeModelServer.start()
        let broken = EndToEnd.config(modelURL: model.baseURL).replacingOccurrences(of: "- name: general", with: "- name: General Review")
        github.addPullRequest(EndToEnd.pullRequest(number: 2, head: Self.head, base: Self.base, config: broken))
        let loom = try await startLoom(for: github)
        let first = try #require(EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.opened.json")))
        let job = try await loom.waitForFinalJob(first)
        #expect(job["status"] as? String == "failed")
        #expect((job["error"] as? String)?.contains(".loom/config.yaml:") == true)
        let comments = github.comments
        #expect(comments.count == 1)
        #expect(comments.first?.body.contains(".loom/config.yaml:7") == true, "\(comments.first?.body ?? "")")
        #expect(model.requests.isEmpty, "no model is called with a broken config")

        let newHead = "4444444444444444444444444444444444444444"
        github.addPullRequest(EndToEnd.pullRequest(number: 2, head: newHead, base: Self.base, config: broken))
        let second = try #require(EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.synchronize.json", head: newHead)))
        _ = try await loom.waitForFinalJob(second)
        #expect(github.comments.count == 1, "the explanation is edited in place, not posted again")
        await stop(loom, model, github)
    }

    @Test("a model failing after its retries fails only its pipeline; the summary names it")
    func modelFailureIsNamedInTheSummary() async throws {
        let github = FakeGitHub(owner: "Codertocat", name: "Hello-World")
        try await github.start()
        let model = try await FakeModelServer.start([.init(status: 500)])
        let config = EndToEnd.config(modelURL: model.baseURL, extra: "advanced:\n  max_retries: 1\n")
        github.addPullRequest(EndToEnd.pullRequest(number: 2, head: Self.head, base: Self.base, config: config))
        let loom = try await startLoom(for: github)
        let first = try #require(EndToEnd.jobID(try deliver(loom, "webhooks/github/pull_request.opened.json")))
        #expect(try await loom.waitForFinalJob(first)["status"] as? String == "completed")
        #expect(model.requests.count == 2, "one try and one retry")
        let summary = try #require(github.comments.first { $0.kind == .summary }?.body)
        #expect(summary.contains("general") && summary.lowercased().contains("failed"), "\(summary)")
        #expect(github.comments.filter { $0.kind == .inline }.isEmpty)
        await stop(loom, model, github)
    }
}
