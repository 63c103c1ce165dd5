// GiteaAPITests: the Gitea / Forgejo adapter against a fake Gitea speaking API v1 shapes.

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Gitea API adapter")
struct GiteaAPITests {
    static func fake() -> FakeGitea {
        let gitea = FakeGitea()
        gitea.addPullRequest(SamplePullRequest.make(number: 7))
        return gitea
    }

    @Test("pull request info: merge_base is the base, `Authorization: token`")
    func pullRequestInfo() async throws {
        try await withFake(Self.fake()) { gitea, client, _ in
            let info = try await client.pullRequest(gitea.ref(7))
            #expect(info.number == 7 && info.title == "Pass argv to main" && info.author == "octocat")
            #expect(info.sourceBranch == "feature/argv" && info.targetBranch == "main")
            #expect(info.headSHA == SamplePullRequest.headSHA)
            #expect(info.baseSHA == SamplePullRequest.baseSHA)
            #expect(info.state == "open" && !info.isDraft)
            let request = try #require(gitea.requests.last)
            #expect(request.path == "/api/v1/repos/gitea/webhooks/pulls/7")
            #expect(request.header("Authorization") == "token \(gitea.token)")
        }
    }

    @Test("the diff comes from pulls/{index}.diff; files from raw/{path}?ref=, nil when missing")
    func diffAndFiles() async throws {
        try await withFake(Self.fake()) { gitea, client, _ in
            let info = try await client.pullRequest(gitea.ref(7))
            let diff = try await client.diff(gitea.ref(7), info: info)
            #expect(diff == UnifiedDiffParser.parse(SamplePullRequest.diff).diff)
            #expect(gitea.requests.last?.path == "/api/v1/repos/gitea/webhooks/pulls/7.diff")

            let bytes = try await client.file(gitea.ref(7), path: "src/app.py", at: SamplePullRequest.headSHA)
            #expect(bytes == Array(SamplePullRequest.headApp.utf8))
            #expect(gitea.requests.last?.path == "/api/v1/repos/gitea/webhooks/raw/src/app.py")
            #expect(gitea.requests.last?.queryParameter("ref") == SamplePullRequest.headSHA)
            #expect(try await client.file(gitea.ref(7), path: "old.txt", at: SamplePullRequest.headSHA) == nil)
        }
    }

    @Test("inline comments go in one COMMENT review with new_position and old_position 0")
    func oneReview() async throws {
        try await withFake(Self.fake()) { gitea, client, _ in
            let ref = gitea.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "src/app.py", line: 21, body: "times three?", fingerprint: "a"),
                InlineComment(path: "NOTES.md", line: 3, body: "typo", fingerprint: "b"),
            ])
            #expect(results == gitea.comments.map { .posted(id: String($0.id)) })
            let requests = gitea.requests("POST", "/pulls/7/reviews")
            #expect(requests.count == 1)
            let review = try #require(requests.first?.json)
            #expect(review["event"]?.string == "COMMENT")
            #expect(review["commit_id"]?.string == SamplePullRequest.headSHA)
            #expect(review["body"]?.string?.isEmpty == false)
            let first = try #require(review["comments"]?[0])
            #expect(first["path"]?.string == "src/app.py" && first["body"]?.string == "times three?")
            #expect(first["new_position"]?.int == 21 && first["old_position"]?.int == 0)
        }
    }

    @Test("a review refused for one line is retried comment by comment; only that one is rejected")
    func rejectedLine() async throws {
        try await withFake(Self.fake()) { gitea, client, _ in
            let ref = gitea.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "ok 1", fingerprint: "1"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.outsideLine, body: "outside", fingerprint: "2"),
                InlineComment(path: "src/app.py", line: 25, body: "ok 2", fingerprint: "3"),
            ])
            guard results.count == 3, case .posted = results[0], case .rejected(let reason) = results[1], case .posted = results[2] else {
                Issue.record("unexpected results \(results)")
                return
            }
            #expect(reason.contains("422") && reason.contains("not part of the diff"))
            #expect(gitea.comments.map(\.body) == ["ok 1", "ok 2"])
            #expect(gitea.requests("POST", "/pulls/7/reviews").count == 4)
        }
    }

    @Test("the summary is an issue comment edited in place; inline comments are found through the paged reviews")
    func summaryAndListing() async throws {
        let elsewhere = FakeGitea()
        try await elsewhere.start()
        defer { Task { await elsewhere.stop() } }
        try await withFake(Self.fake()) { gitea, client, http in
            let ref = gitea.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            for line in [1, 2, 3] {
                _ = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                    InlineComment(path: "NOTES.md", line: line, body: "n\(line) <!-- loom -->", fingerprint: "\(line)"),
                ])
            }
            let id = try await client.upsertSummary(ref, body: "summary <!-- loom -->", existing: nil)
            gitea.setPageSize(2)
            var found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.filter { $0.kind == .inline }.map(\.line) == [1, 2, 3])
            #expect(found.filter { $0.kind == .inline }.allSatisfy { $0.path == "NOTES.md" })
            let summary = try #require(found.first { $0.kind == .summary })
            #expect(summary.id == id)
            #expect(gitea.requests("GET", "/pulls/7/reviews").filter { $0.path.hasSuffix("/reviews") }.count == 2)

            #expect(try await client.upsertSummary(ref, body: "edited <!-- loom -->", existing: summary) == id)
            #expect(gitea.requests("PATCH", "/issues/comments/\(id)").count == 1)
            #expect(gitea.comments.filter { $0.kind == .summary }.map(\.body) == ["edited <!-- loom -->"])

            gitea.setForeignNextURL(elsewhere.baseURL + "/repos/gitea/webhooks/pulls/7/reviews?page=2")
            found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.filter { $0.kind == .inline }.count == 2)
            #expect(elsewhere.requests.isEmpty)
            #expect(http.sent.allSatisfy { $0.url.hasPrefix(gitea.baseURL + "/") })
        }
    }
}
