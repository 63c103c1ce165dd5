// GitLabAPITests: the GitLab adapter against a fake GitLab serving the real MR 27117 recordings.

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("GitLab API adapter")
struct GitLabAPITests {
    /// The `response` of the first element of a danger-js nock recording, byte for byte.
    static func nockResponse(_ file: String) throws -> [UInt8] {
        let document = try JSONDocument(bytes: try Fixtures.bytes(file))
        return Array(try #require(document.root[0]?["response"]).rawBytes)
    }

    static let fixtureDiffs = "api/gitlab/merge_request.27117.diffs.nock.json"

    /// The fake with the real MR 27117 and the sample MR 7 (whose start SHA differs from its base).
    static func fake() throws -> FakeGitLab {
        let gitlab = FakeGitLab()
        var mr = FakePullRequest(number: 27117)
        mr.infoJSON = try nockResponse("api/gitlab/merge_request.27117.nock.json")
        mr.diffsJSON = try nockResponse(fixtureDiffs)
        mr.headSHA = "28531ab43666b5fdf37e0a70db3bcbf7d3f92183"
        mr.baseSHA = "50cd5d9b776848cf23f1fd1ec52789dbdf946185"
        let entries = GitLabDiffAssembler.entries(from: try JSONDocument(bytes: mr.diffsJSON!).root)
        mr.diff = GitLabDiffAssembler.assemble(entries).unifiedText
        gitlab.addPullRequest(mr)
        var sample = SamplePullRequest.make(number: 7)
        sample.startSHA = "3333333333333333333333333333333333333333"
        gitlab.addPullRequest(sample)
        return gitlab
    }

    @Test("merge request info maps the real MR 27117, SHAs from diff_refs; the path form of :id is URL-encoded")
    func mergeRequestInfo() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            let info = try await client.pullRequest(gitlab.ref(27117))
            #expect(info.number == 27117)
            #expect(info.title == "Stable reviewer roulette")
            #expect(info.author == "smcgivern")
            #expect(info.sourceBranch == "stable-reviewer-roulette" && info.targetBranch == "master")
            #expect(info.headSHA == "28531ab43666b5fdf37e0a70db3bcbf7d3f92183")
            #expect(info.baseSHA == "50cd5d9b776848cf23f1fd1ec52789dbdf946185")
            #expect(info.startSHA == "50cd5d9b776848cf23f1fd1ec52789dbdf946185")
            #expect(info.state == "merged" && !info.isDraft)
            let request = try #require(gitlab.requests.last)
            #expect(request.path == "/api/v4/projects/13083/merge_requests/27117")
            #expect(request.header("PRIVATE-TOKEN") == gitlab.token)
            #expect(request.header("Authorization") == nil)

            // Without the numeric id the path is used, encoded exactly as in the recording.
            let byPath = PullRequestRef(platform: .gitlab, fullName: "gitlab-org/gitlab-foss", number: 27117)
            _ = try await client.pullRequest(byPath)
            let recorded = try JSONDocument(bytes: try Fixtures.bytes("api/gitlab/merge_request.27117.nock.json"))
            #expect(gitlab.requests.last?.path == recorded.root[0]?["path"]?.string)
        }
    }

    @Test("the hunk-only /diffs of MR 27117 get their git headers rebuilt exactly")
    func diffOfFixture() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            let info = try await client.pullRequest(gitlab.ref(27117))
            let diff = try await client.diff(gitlab.ref(27117), info: info)
            let hunks = try #require(try JSONDocument(bytes: try Self.nockResponse(Self.fixtureDiffs)).root[0]?["diff"]?.string)
            let expected = """
                diff --git a/danger/roulette/Dangerfile b/danger/roulette/Dangerfile
                --- a/danger/roulette/Dangerfile
                +++ b/danger/roulette/Dangerfile

                """ + hunks
            #expect(diff == UnifiedDiffParser.parse(expected).diff)
            #expect(diff.files.first?.hunks.count == 4)
            #expect(gitlab.requests.last?.path == "/api/v4/projects/13083/merge_requests/27117/diffs")
            #expect(gitlab.requests.last?.queryParameter("per_page") == "100")
        }
    }

    @Test("added and deleted files come back with their headers, across X-Next-Page pages")
    func diffAcrossPages() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            gitlab.setPageSize(1)
            let info = try await client.pullRequest(gitlab.ref(7))
            let diff = try await client.diff(gitlab.ref(7), info: info)
            #expect(diff == UnifiedDiffParser.parse(SamplePullRequest.diff).diff)
            #expect(diff.files.map(\.status) == [.added, .deleted, .modified])
            #expect(gitlab.requests("GET", "/diffs").compactMap { $0.queryParameter("page") } == ["2", "3"])
        }
    }

    @Test("file at a commit: repository/files/:path/raw with the path encoded, nil when missing")
    func fileAtCommit() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            let bytes = try await client.file(gitlab.ref(7), path: "src/app.py", at: SamplePullRequest.baseSHA)
            #expect(bytes == Array(SamplePullRequest.baseApp.utf8))
            let request = try #require(gitlab.requests.last)
            #expect(request.path == "/api/v4/projects/13083/repository/files/src%2Fapp.py/raw")
            #expect(request.queryParameter("ref") == SamplePullRequest.baseSHA)
            #expect(try await client.file(gitlab.ref(7), path: "NOTES.md", at: SamplePullRequest.baseSHA) == nil)
        }
    }

    @Test("one discussion per comment: diff_refs SHAs, both paths, old_line only on context lines; a bad line is rejected")
    func discussions() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            let ref = gitlab.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "added", fingerprint: "1"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.outsideLine, body: "outside", fingerprint: "2"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.contextLine, body: "context", fingerprint: "3"),
            ])
            let stored = gitlab.comments.filter { $0.kind == .inline }
            #expect(stored.map(\.body) == ["added", "context"])
            guard results.count == 3, case .posted(let first) = results[0], case .rejected(let reason) = results[1],
                  case .posted(let third) = results[2] else {
                Issue.record("unexpected results \(results)")
                return
            }
            #expect([first, third] == stored.map { String($0.id) })
            #expect(reason.contains("400") && reason.contains("line_code"))

            let bodies = gitlab.requests("POST", "/merge_requests/7/discussions").compactMap(\.json)
            #expect(bodies.count == 3)
            let added = try #require(bodies[0]["position"])
            #expect(added["position_type"]?.string == "text")
            #expect(added["base_sha"]?.string == SamplePullRequest.baseSHA)
            #expect(added["start_sha"]?.string == "3333333333333333333333333333333333333333")
            #expect(added["head_sha"]?.string == SamplePullRequest.headSHA)
            #expect(added["old_path"]?.string == "src/app.py" && added["new_path"]?.string == "src/app.py")
            #expect(added["new_line"]?.int == SamplePullRequest.addedLine)
            #expect(added["old_line"] == nil)
            let context = try #require(bodies[2]["position"])
            #expect(context["new_line"]?.int == SamplePullRequest.contextLine)
            #expect(context["old_line"]?.int == SamplePullRequest.contextOldLine)
            #expect(bodies[0]["body"]?.string == "added")
        }
    }

    @Test("the summary is a note: created, found by marker, edited in place with PUT")
    func summaryUpsert() async throws {
        try await withFake(try Self.fake()) { gitlab, client, _ in
            let ref = gitlab.ref(7)
            let id = try await client.upsertSummary(ref, body: "one <!-- loom -->", existing: nil)
            let summary = try #require(try await client.loomComments(ref, marker: "<!-- loom -->").first)
            #expect(summary.id == id && summary.kind == .summary)
            #expect(try await client.upsertSummary(ref, body: "two <!-- loom -->", existing: summary) == id)
            #expect(gitlab.requests("PUT", "/merge_requests/7/notes/\(id)").count == 1)
            #expect(gitlab.comments.map(\.body) == ["two <!-- loom -->"])
        }
    }

    @Test("notes are read across pages; diff notes are inline with path and line; a foreign Link is ignored")
    func paginatedNotes() async throws {
        let elsewhere = FakeGitLab()
        try await elsewhere.start()
        defer { Task { await elsewhere.stop() } }
        try await withFake(try Self.fake()) { gitlab, client, http in
            let ref = gitlab.ref(7)
            for index in 0..<4 { _ = try await client.upsertSummary(ref, body: "s\(index) <!-- loom -->", existing: nil) }
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            _ = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "NOTES.md", line: 2, body: "inline <!-- loom -->", fingerprint: "i"),
            ])
            gitlab.setPageSize(2)
            gitlab.setForeignNextURL(elsewhere.baseURL + "/projects/13083/merge_requests/7/notes?page=2")
            let found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.count == 5)
            let inline = try #require(found.first { $0.kind == .inline })
            #expect(inline.path == "NOTES.md" && inline.line == 2)
            #expect(gitlab.requests("GET", "/merge_requests/7/notes").count == 3)
            #expect(elsewhere.requests.isEmpty)
            #expect(http.sent.allSatisfy { $0.url.hasPrefix(gitlab.baseURL + "/") })
        }
    }
}
