// GitHubAPITests: the GitHub adapter against a fake GitHub speaking the real REST shapes (PR 327 fixture).

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("GitHub API adapter")
struct GitHubAPITests {
    /// The fake with the real artsy/emission PR 327 (metadata and diff) and the sample PR 7.
    static func fake() throws -> FakeGitHub {
        let github = FakeGitHub()
        var pull = FakePullRequest(number: 327, diff: String(decoding: try Fixtures.bytes("api/github/pulls.327.diff"), as: UTF8.self))
        pull.infoJSON = try Fixtures.bytes("api/github/pulls.327.json")
        pull.headSHA = "cfa8fb80d2b65f4c4fa0b54d25352a3a0ff58f75"
        github.addPullRequest(pull)
        github.addPullRequest(SamplePullRequest.make(number: 7))
        return github
    }

    @Test("pull request info maps the real PR 327 response, with GitHub's auth headers")
    func pullRequestInfo() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let info = try await client.pullRequest(github.ref(327))
            #expect(info.number == 327)
            #expect(info.title == "Adds support for showing the metadata and trending Artists to a Gene VC")
            #expect(info.author == "orta")
            #expect(info.sourceBranch == "genevc")
            #expect(info.targetBranch == "master")
            #expect(info.headSHA == "cfa8fb80d2b65f4c4fa0b54d25352a3a0ff58f75")
            #expect(info.baseSHA == "98f3e73f5e419f3af9ab928c86312f28a3c87475")
            #expect(info.state == "merged")
            #expect(!info.isDraft)
            #expect(info.description.hasPrefix("Gap at the top is for follow button"))

            let request = try #require(github.requests.last)
            #expect(request.method == "GET")
            #expect(request.path == "/repos/artsy/emission/pulls/327")
            #expect(request.header("Authorization") == "Bearer \(github.token)")
            #expect(request.header("Accept") == "application/vnd.github+json")
            #expect(request.header("X-GitHub-Api-Version") == "2022-11-28")
            #expect(request.header("User-Agent")?.hasPrefix("loom/") == true)
        }
    }

    @Test("the diff of PR 327 is fetched with the diff media type and parses into its 18 files")
    func diffOfFixture() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let info = try await client.pullRequest(github.ref(327))
            let diff = try await client.diff(github.ref(327), info: info)
            #expect(diff.files.count == 18)
            #expect(diff.files.first?.path == "CHANGELOG.md")
            #expect(diff.files.last?.path == "tsconfig.json")
            #expect(diff.file("lib/components/gene/about_gene.js") != nil)
            let changelog = try #require(diff.file("CHANGELOG.md"))
            #expect(changelog.additions == 1 && changelog.deletions == 0)
            #expect(changelog.commentableNewLines.contains(7))
            let request = try #require(github.requests.last)
            #expect(request.header("Accept") == "application/vnd.github.diff")
        }
    }

    @Test("file at a commit: raw contents, nil when missing")
    func fileAtCommit() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let bytes = try await client.file(github.ref(7), path: "src/app.py", at: SamplePullRequest.headSHA)
            #expect(bytes == Array(SamplePullRequest.headApp.utf8))
            let request = try #require(github.requests.last)
            #expect(request.path == "/repos/artsy/emission/contents/src/app.py")
            #expect(request.queryParameter("ref") == SamplePullRequest.headSHA)
            #expect(request.header("Accept") == "application/vnd.github.raw+json")
            #expect(try await client.file(github.ref(7), path: ".loom/config.yaml", at: SamplePullRequest.baseSHA) == nil)
        }
    }

    @Test("inline comments go in one submitted review with line and side RIGHT")
    func oneReview() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let ref = github.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let comments = [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "A <!-- loom -->", fingerprint: "a"),
                InlineComment(path: "NOTES.md", line: 1, body: "B <!-- loom -->", fingerprint: "b"),
            ]
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: comments)
            let stored = github.comments.filter { $0.kind == .inline }
            #expect(results == stored.map { .posted(id: String($0.id)) })
            #expect(github.requests("POST", "/comments").isEmpty)

            let review = try #require(github.requests("POST", "/pulls/7/reviews").first?.json)
            #expect(review["commit_id"]?.string == SamplePullRequest.headSHA)
            #expect(review["event"]?.string == "COMMENT")
            #expect(review["body"]?.string?.isEmpty == false)
            let first = try #require(review["comments"]?[0])
            #expect(first["path"]?.string == "src/app.py")
            #expect(first["line"]?.int == SamplePullRequest.addedLine)
            #expect(first["side"]?.string == "RIGHT")
            #expect(first["body"]?.string == "A <!-- loom -->")
            #expect(first["position"] == nil)
        }
    }

    @Test("a review refused with 422 for one line falls back to single comments; only that one is rejected")
    func rejectedLineFallsBack() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let ref = github.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let comments = [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "ok 1", fingerprint: "1"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.outsideLine, body: "outside", fingerprint: "2"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.contextLine, body: "ok 2", fingerprint: "3"),
            ]
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: comments)
            #expect(results.count == 3)
            guard case .posted = results[0], case .rejected(let reason) = results[1], case .posted = results[2] else {
                Issue.record("unexpected results \(results)")
                return
            }
            #expect(reason.contains("422"))
            #expect(reason.contains("must be part of the diff"))
            #expect(github.comments.filter { $0.kind == .inline }.map(\.body) == ["ok 1", "ok 2"])
            #expect(github.requests("POST", "/pulls/7/reviews").count == 1)
            let singles = github.requests("POST", "/pulls/7/comments")
            #expect(singles.count == 3)
            let single = try #require(singles.first?.json)
            #expect(single["commit_id"]?.string == SamplePullRequest.headSHA)
            #expect(single["line"]?.int == SamplePullRequest.addedLine)
            #expect(single["side"]?.string == "RIGHT")
            #expect(single["path"]?.string == "src/app.py")
        }
    }

    @Test("the summary is an issue comment, found again by its marker and edited in place")
    func summaryUpsert() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            let ref = github.ref(7)
            let marker = "<!-- loom:summary -->"
            let id = try await client.upsertSummary(ref, body: "First \(marker)", existing: nil)
            #expect(github.requests("POST", "/issues/7/comments").count == 1)

            let found = try await client.loomComments(ref, marker: marker)
            let summary = try #require(found.first { $0.kind == .summary })
            #expect(summary.id == id)

            let again = try await client.upsertSummary(ref, body: "Second \(marker)", existing: summary)
            #expect(again == id)
            let patch = try #require(github.requests("PATCH", "/issues/comments/\(id)").first)
            #expect(patch.json?["body"]?.string == "Second \(marker)")
            let summaries = github.comments.filter { $0.kind == .summary }
            #expect(summaries.count == 1)
            #expect(summaries.first?.body == "Second \(marker)" && summaries.first?.edits == 1)
        }
    }

    @Test("Loom's comments are read across Link pages, inline ones with path and line")
    func paginatedComments() async throws {
        try await withFake(try Self.fake()) { github, client, _ in
            github.setPageSize(2)
            let ref = github.ref(7)
            for index in 0..<5 { _ = try await client.upsertSummary(ref, body: "note \(index)" + (index == 3 ? "" : " <!-- loom -->"), existing: nil) }
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            _ = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "NOTES.md", line: 3, body: "x <!-- loom -->", fingerprint: "x"),
            ])
            let found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.filter { $0.kind == .summary }.map(\.body) == ["note 0 <!-- loom -->", "note 1 <!-- loom -->", "note 2 <!-- loom -->",
                                                                      "note 4 <!-- loom -->"])
            let inline = try #require(found.first { $0.kind == .inline })
            #expect(inline.path == "NOTES.md" && inline.line == 3)
            let pages = github.requests("GET", "/issues/7/comments")
            #expect(pages.count == 3)
            #expect(pages.first?.queryParameter("per_page") == "100")
        }
    }

    @Test("a next link to another host is not followed, so the token never leaves the base URL")
    func foreignNextLinkIgnored() async throws {
        let elsewhere = FakeGitHub()
        try await elsewhere.start()
        defer { Task { await elsewhere.stop() } }
        try await withFake(try Self.fake()) { github, client, http in
            let ref = github.ref(7)
            for index in 0..<3 { _ = try await client.upsertSummary(ref, body: "s\(index) <!-- loom -->", existing: nil) }
            github.setPageSize(2)
            github.setForeignNextURL(elsewhere.baseURL + "/repos/artsy/emission/issues/7/comments?page=2")
            let found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.count == 2)
            #expect(elsewhere.requests.isEmpty)
            #expect(http.sent.allSatisfy { $0.url.hasPrefix(github.baseURL + "/") })
        }
    }

    @Test("a wrong token is a permanent 401; a missing pull request a permanent 404")
    func errors() async throws {
        try await withFake(try Self.fake()) { github, _, http in
            var configuration = github.configuration
            configuration.credentials = .token("wrong")
            let client = PlatformClients.make(platform: .github, configuration: configuration, http: http)
            let error = await #expect(throws: PlatformAPIError.self) { try await client.pullRequest(github.ref(327)) }
            #expect(error?.status == 401 && error?.isTransient == false)
            #expect(error?.message.contains("Bad credentials") == true)
            let missing = await #expect(throws: PlatformAPIError.self) { try await github.client(http: http).pullRequest(github.ref(99)) }
            #expect(missing?.status == 404 && missing?.isTransient == false)
        }
    }
}
