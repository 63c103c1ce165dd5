// BitbucketAPITests: the Bitbucket Cloud adapter against a fake Bitbucket speaking the 2.0 API shapes.

import LoomCore
import LoomCrypto
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Bitbucket API adapter")
struct BitbucketAPITests {
    static func fake() -> FakeBitbucket {
        let bitbucket = FakeBitbucket()
        bitbucket.addPullRequest(SamplePullRequest.make(number: 7))
        return bitbucket
    }

    @Test("pull request info with Basic auth: 12-character hashes, nickname, branches")
    func pullRequestInfo() async throws {
        try await withFake(Self.fake()) { bitbucket, client, _ in
            let info = try await client.pullRequest(bitbucket.ref(7))
            #expect(info.headSHA == String(SamplePullRequest.headSHA.prefix(12)))
            #expect(info.baseSHA == String(SamplePullRequest.baseSHA.prefix(12)))
            #expect(info.author == "octocat" && info.title == "Pass argv to main")
            #expect(info.sourceBranch == "feature/argv" && info.targetBranch == "main" && info.state == "open")
            let request = try #require(bitbucket.requests.last)
            #expect(request.path == "/2.0/repositories/amuniz/test-repos/pullrequests/7")
            #expect(request.header("Authorization") == "Basic " + Base64.encode(Array("loom-bot:app-password".utf8)))
        }
    }

    @Test("an access token alone is sent as Bearer")
    func bearerToken() async throws {
        try await withFake(Self.fake()) { bitbucket, _, http in
            let client = PlatformClients.make(platform: .bitbucket,
                                              configuration: .bitbucket(accessToken: bitbucket.accessToken, baseURL: bitbucket.baseURL), http: http)
            _ = try await client.pullRequest(bitbucket.ref(7))
            #expect(bitbucket.requests.last?.header("Authorization") == "Bearer \(bitbucket.accessToken)")
        }
    }

    @Test("the diff endpoint's 302 is followed on the same API, with credentials")
    func diffRedirect() async throws {
        try await withFake(Self.fake()) { bitbucket, client, _ in
            let info = try await client.pullRequest(bitbucket.ref(7))
            let diff = try await client.diff(bitbucket.ref(7), info: info)
            #expect(diff == UnifiedDiffParser.parse(SamplePullRequest.diff).diff)
            let gets = bitbucket.requests.filter { $0.method == "GET" }.suffix(2)
            #expect(gets.first?.path == "/2.0/repositories/amuniz/test-repos/pullrequests/7/diff")
            #expect(gets.last?.path.hasPrefix("/2.0/repositories/amuniz/test-repos/diff/amuniz/test-repos:") == true)
            #expect(gets.last?.queryParameter("from_pullrequest_id") == "7")
            #expect(gets.allSatisfy { $0.header("Authorization") != nil })
        }
    }

    @Test("a redirect to another host is followed without the credentials")
    func redirectElsewhere() async throws {
        let elsewhere = FakeBitbucket()
        try await elsewhere.start()
        defer { Task { await elsewhere.stop() } }
        try await withFake(Self.fake()) { bitbucket, client, _ in
            bitbucket.store.options.redirectOrigin = elsewhere.server.rootURL
            let info = try await client.pullRequest(bitbucket.ref(7))
            let error = await #expect(throws: PlatformAPIError.self) { try await client.diff(bitbucket.ref(7), info: info) }
            #expect(error?.status == 401)
            let received = try #require(elsewhere.requests.first)
            #expect(received.header("Authorization") == nil)
        }
    }

    @Test("file at a commit: src/{commit}/{path} with the short hash; nil when missing")
    func fileAtCommit() async throws {
        try await withFake(Self.fake()) { bitbucket, client, _ in
            let info = try await client.pullRequest(bitbucket.ref(7))
            let bytes = try await client.file(bitbucket.ref(7), path: "src/app.py", at: info.headSHA)
            #expect(bytes == Array(SamplePullRequest.headApp.utf8))
            #expect(bitbucket.requests.last?.path == "/2.0/repositories/amuniz/test-repos/src/\(info.headSHA)/src/app.py")
            #expect(try await client.file(bitbucket.ref(7), path: "missing.txt", at: info.headSHA) == nil)
        }
    }

    @Test("one comment per finding with inline {path, to}; the line outside the diff is rejected")
    func inlineComments() async throws {
        try await withFake(Self.fake()) { bitbucket, client, _ in
            let ref = bitbucket.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "ok 1", fingerprint: "1"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.outsideLine, body: "outside", fingerprint: "2"),
                InlineComment(path: "NOTES.md", line: 1, body: "ok 2", fingerprint: "3"),
            ])
            let stored = bitbucket.comments
            #expect(stored.map(\.body) == ["ok 1", "ok 2"])
            guard results.count == 3, case .rejected(let reason) = results[1] else {
                Issue.record("unexpected results \(results)")
                return
            }
            #expect(results[0] == .posted(id: String(stored[0].id)) && results[2] == .posted(id: String(stored[1].id)))
            #expect(reason.contains("400") && reason.contains("not part of the diff"))
            let body = try #require(bitbucket.requests("POST", "/pullrequests/7/comments").first?.json)
            #expect(body["content"]?["raw"]?.string == "ok 1")
            #expect(body["inline"]?["path"]?.string == "src/app.py")
            #expect(body["inline"]?["to"]?.int == SamplePullRequest.addedLine)
        }
    }

    @Test("summary created without inline, found by marker across `next` pages, edited in place; a foreign next is not followed")
    func summaryAndPages() async throws {
        let elsewhere = FakeBitbucket()
        try await elsewhere.start()
        defer { Task { await elsewhere.stop() } }
        try await withFake(Self.fake()) { bitbucket, client, http in
            let ref = bitbucket.ref(7)
            for index in 0..<4 { _ = try await client.upsertSummary(ref, body: "old \(index)", existing: nil) }
            let id = try await client.upsertSummary(ref, body: "summary <!-- loom -->", existing: nil)
            #expect(bitbucket.requests("POST", "/comments").last?.json?["inline"] == nil)
            bitbucket.setPageSize(2)
            let found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.map(\.id) == [id] && found.first?.kind == .summary)
            #expect(bitbucket.requests("GET", "/pullrequests/7/comments").count == 3)

            #expect(try await client.upsertSummary(ref, body: "new <!-- loom -->", existing: found[0]) == id)
            #expect(bitbucket.requests("PUT", "/pullrequests/7/comments/\(id)").first?.json?["content"]?["raw"]?.string == "new <!-- loom -->")
            #expect(bitbucket.comments.filter { $0.body.contains("<!-- loom -->") }.count == 1)

            bitbucket.setForeignNextURL(elsewhere.baseURL + "/repositories/amuniz/test-repos/pullrequests/7/comments?page=2")
            #expect(try await client.loomComments(ref, marker: "<!-- loom -->").isEmpty)
            #expect(elsewhere.requests.isEmpty)
            #expect(http.sent.allSatisfy { $0.url.hasPrefix(bitbucket.baseURL + "/") })
        }
    }
}
