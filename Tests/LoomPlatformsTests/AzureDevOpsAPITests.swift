// AzureDevOpsAPITests: the Azure DevOps adapter against a fake serving the official 7.1 example bodies.

import LoomCore
import LoomCrypto
import LoomHTTPClient
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Azure DevOps API adapter")
struct AzureDevOpsAPITests {
    /// The fake with PR 22 (the documented example response, verbatim) and the sample PR 7.
    static func fake() throws -> FakeAzureDevOps {
        let azure = FakeAzureDevOps()
        var example = FakePullRequest(number: 22)
        let document = try JSONDocument(bytes: try Fixtures.bytes("api/azure-devops/pullrequest.get.json"))
        example.infoJSON = Array(try #require(document.root["responses", "200", "body"]).rawBytes)
        example.headSHA = "b60280bc6e62e2f880f1b63c1e24987664d3bda3"
        example.baseSHA = "c0ffee0000000000000000000000000000000000"
        azure.addPullRequest(example)
        azure.addPullRequest(SamplePullRequest.make(number: 7))
        return azure
    }

    static let repositoryPath = "/fabrikam/a7573007-bbb3-4341-b726-0c4148a07853/_apis/git/repositories/3411ebc1-d5aa-464f-9615-0b527bc66719"

    @Test("PR 22 maps the documented response; head and merge base come from the latest iteration")
    func pullRequestInfo() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            let info = try await client.pullRequest(azure.ref(22))
            #expect(info.number == 22 && info.title == "A new feature" && info.description == "Adding a new feature")
            #expect(info.author == "fabrikamfiber16@hotmail.com")
            #expect(info.sourceBranch == "npaulk/my_work" && info.targetBranch == "new_feature")
            #expect(info.headSHA == "b60280bc6e62e2f880f1b63c1e24987664d3bda3")
            #expect(info.baseSHA == "c0ffee0000000000000000000000000000000000")
            #expect(info.state == "open" && !info.isDraft)
            #expect(info.attributes[AzureDevOpsAPI.InfoAttribute.iteration] == "2")
            let requests = azure.requests.filter { $0.method == "GET" }
            #expect(requests.map(\.path) == [Self.repositoryPath + "/pullRequests/22", Self.repositoryPath + "/pullRequests/22/iterations"])
            #expect(requests.allSatisfy { $0.queryParameter("api-version") == "7.1" })
            #expect(requests.first?.header("Authorization") == "Basic " + Base64.encode(Array(":\(azure.pat)".utf8)))
        }
    }

    @Test("the diff built from iteration changes and contents at both commits equals git's own")
    func diffFromContents() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            azure.setPageSize(2)
            let info = try await client.pullRequest(azure.ref(7))
            let diff = try await client.diff(azure.ref(7), info: info)
            #expect(diff == UnifiedDiffParser.parse(SamplePullRequest.diff).diff)
            #expect(UnifiedDiffWriter.write(diff).contains("@@ -16,8 +18,8 @@ def f2(x):"))

            let changes = azure.requests("GET", "/pullRequests/7/iterations/2/changes")
            #expect(changes.count == 2)
            #expect(changes.allSatisfy { $0.queryParameter("$compareTo") == "0" })
            #expect(changes.last?.queryParameter("$skip") == "2")
            let items = azure.requests("GET", "/items")
            let base = items.first { $0.queryParameter("path") == "/src/app.py" && $0.queryParameter("versionDescriptor.version") == SamplePullRequest.baseSHA }
            #expect(base?.queryParameter("versionDescriptor.versionType") == "commit")
            #expect(base?.queryParameter("$format") == "octetStream")
            #expect(items.count == 4)  // app.py twice, the added and the deleted file once each
        }
    }

    @Test("file at a commit through items; nil when missing")
    func fileAtCommit() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            let bytes = try await client.file(azure.ref(7), path: "old.txt", at: SamplePullRequest.baseSHA)
            #expect(bytes == Array("obsolete\n".utf8))
            #expect(azure.requests.last?.path == Self.repositoryPath + "/items")
            #expect(azure.requests.last?.queryParameter("path") == "/old.txt")
            #expect(try await client.file(azure.ref(7), path: "old.txt", at: SamplePullRequest.headSHA) == nil)
        }
    }

    @Test("one active thread per comment, anchored on the right side; the off-diff line is rejected")
    func inlineThreads() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            let ref = azure.ref(7)
            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            let results = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "src/app.py", line: SamplePullRequest.addedLine, body: "ok", fingerprint: "1"),
                InlineComment(path: "src/app.py", line: SamplePullRequest.outsideLine, body: "outside", fingerprint: "2"),
            ])
            let stored = try #require(azure.comments.first)
            #expect(azure.comments.count == 1)
            guard results.count == 2, results[0] == .posted(id: String(stored.id)), case .rejected(let reason) = results[1] else {
                Issue.record("unexpected results \(results)")
                return
            }
            #expect(reason.contains("400") && reason.contains("not valid"))
            let body = try #require(azure.requests("POST", "/pullRequests/7/threads").first?.json)
            #expect(body["status"]?.int == 1)
            #expect(body["comments"]?[0]?["parentCommentId"]?.int == 0)
            #expect(body["comments"]?[0]?["commentType"]?.int == 1)
            #expect(body["comments"]?[0]?["content"]?.string == "ok")
            #expect(body["threadContext", "filePath"]?.string == "/src/app.py")
            #expect(body["threadContext", "rightFileStart", "line"]?.int == SamplePullRequest.addedLine)
            #expect(body["threadContext", "rightFileStart", "offset"]?.int == 1)
            #expect(body["threadContext", "rightFileEnd", "line"]?.int == SamplePullRequest.addedLine)
            #expect(body["threadContext", "rightFileEnd", "offset"]?.int == 1)
        }
    }

    @Test("the summary is a thread without context, found by marker and edited through its first comment")
    func summaryThread() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            let ref = azure.ref(7)
            let id = try await client.upsertSummary(ref, body: "summary <!-- loom -->", existing: nil)
            #expect(azure.requests("POST", "/threads").first?.json?["threadContext"] == nil)
            let found = try await client.loomComments(ref, marker: "<!-- loom -->")
            #expect(found.count == 1 && found.first?.id == id && found.first?.kind == .summary)
            #expect(try await client.upsertSummary(ref, body: "edited <!-- loom -->", existing: found[0]) == id)
            let patch = try #require(azure.requests("PATCH", "/pullRequests/7/threads/\(id)/comments/1").first)
            #expect(patch.json?["content"]?.string == "edited <!-- loom -->")
            #expect(azure.comments.map(\.body) == ["edited <!-- loom -->"])

            let info = try await client.pullRequest(ref)
            let diff = try await client.diff(ref, info: info)
            _ = try await client.postInlineComments(ref, info: info, diff: diff, comments: [
                InlineComment(path: "NOTES.md", line: 3, body: "inline <!-- loom -->", fingerprint: "i"),
            ])
            let inline = try #require(try await client.loomComments(ref, marker: "<!-- loom -->").first { $0.kind == .inline })
            #expect(inline.path == "NOTES.md" && inline.line == 3)
        }
    }

    @Test("a pull request of another organization is refused before any request")
    func organizationMismatch() async throws {
        try await withFake(try Self.fake()) { azure, client, _ in
            var ref = azure.ref(7)
            ref.attributes[WebhookAttribute.organization] = "contoso"
            let error = await #expect(throws: PlatformAPIError.self) { try await client.pullRequest(ref) }
            #expect(error?.isTransient == false && error?.message.contains("contoso") == true)
            #expect(azure.requests.isEmpty)
        }
    }
}
