// DecodingEdgeCaseTests: event rules and payload errors beyond the fixtures, built by editing fixture text.

import LoomCore
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Webhook decoding edge cases")
struct DecodingEdgeCaseTests {
    typealias Support = WebhookTestSupport

    func fixture(_ file: String) throws -> [UInt8] { try Fixtures.bytes("webhooks/" + file) }

    func edited(_ file: String, _ edits: [(String, String)]) throws -> [UInt8] {
        var body = try fixture(file)
        for (target, replacement) in edits { body = Support.replacing(target, with: replacement, in: body) }
        return body
    }

    /// Verifies (signing with the test secret) and decodes.
    func decode(_ platform: Platform, _ body: [UInt8], _ headers: [String: String]) throws -> DecodedWebhook {
        try Support.process(platform, body: body, headers: Support.signedHeaders(platform, body: body, base: headers))
    }

    func payloadError(_ platform: Platform, _ body: [UInt8], _ headers: [String: String]) -> WebhookPayloadError? {
        do {
            _ = try decode(platform, body, headers)
            return nil
        } catch let error as WebhookPayloadError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    static let github = ["X-GitHub-Event": "pull_request"]
    static let gitlab = ["X-Gitlab-Event": "Merge Request Hook"]
    static let gitea = ["X-Gitea-Event": "pull_request"]

    // MARK: Payload errors

    @Test("bodies that are not JSON are invalid payloads", arguments: Platform.allCases)
    func malformedJSON(_ platform: Platform) {
        let headers = ["X-GitHub-Event": "pull_request", "X-Gitlab-Event": "Merge Request Hook",
                       "X-Gitea-Event": "pull_request", "X-Event-Key": "pullrequest:created"]
        for body in ["{\"action\": \"opened\",", "not json", "", "{\"a\":1} trailing"] {
            #expect(payloadError(platform, Array(body.utf8), headers) != nil, "\(platform): \(body)")
        }
    }

    @Test("a review without a head SHA is refused, naming the field")
    func missingHeadSHA() throws {
        let cases: [(Platform, [UInt8], [String: String], String)] = [
            (.github, try edited("github/pull_request.opened.json",
                                 [("\"sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\",", "")]), Self.github, "pull_request.head.sha"),
            (.gitea, try edited("gitea/pull_request.opened.json",
                                [("\"sha\": \"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\"", "\"sha\": null")]), Self.gitea, "pull_request.head.sha"),
            (.gitlab, try edited("gitlab/merge_request.open.json", [("\"last_commit\"", "\"previous_commit\"")]), Self.gitlab,
             "object_attributes.last_commit.id"),
            (.bitbucket, try edited("bitbucket/pullrequest_created.json", [("\"hash\": \"d31df3425c5b\"", "\"hash\": \"\"")]),
             ["X-Event-Key": "pullrequest:created"], "pullrequest.source.commit.hash"),
            (.azureDevOps, try edited("azure-devops/git.pullrequest.created.json", [("lastMergeSourceCommit", "lastMergeSource")]),
             [:], "resource.lastMergeSourceCommit.commitId"),
        ]
        for (platform, body, headers, path) in cases {
            let error = payloadError(platform, body, headers)
            #expect(error?.message.contains(path) == true, "\(platform): \(String(describing: error))")
        }
    }

    @Test("a cancel does not need the head SHA")
    func cancelWithoutHead() throws {
        let body = try edited("github/pull_request.closed.json", [("\"sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\",", "")])
        let event = try #require(try decode(.github, body, Self.github).event)
        #expect(event.intent == .cancel(reason: "pr_closed"))
        #expect(event.headSHA == nil)
    }

    @Test("a head SHA that is not a commit hash is refused")
    func headIsNotAHash() throws {
        let body = try edited("github/pull_request.opened.json",
                              [("\"sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\"", "\"sha\": \"--upload-pack=touch /tmp/x\"")])
        #expect(payloadError(.github, body, Self.github)?.message.contains("pull_request.head.sha") == true)
    }

    @Test("missing repository or PR number is refused for a review")
    func missingRepositoryOrNumber() throws {
        let noName = Support.replacing("\"full_name\": \"Codertocat/Hello-World\"", with: "\"x\": 1",
                                       in: try fixture("github/pull_request.opened.json"), last: true)
        #expect(payloadError(.github, noName, Self.github)?.message.contains("repository.full_name") == true)
        let noNumber = try edited("gitlab/merge_request.open.json", [("\"iid\": 3", "\"iid\": \"three\"")])
        #expect(payloadError(.gitlab, noNumber, Self.gitlab)?.message.contains("object_attributes.iid") == true)
        let noRepoID = try edited("azure-devops/git.pullrequest.created.json",
                                  [("\"id\": \"4bc14d40-c903-45e2-872e-0462c7748079\"", "\"guid\": \"x\"")])
        #expect(payloadError(.azureDevOps, noRepoID, [:])?.message.contains("resource.repository.id") == true)
        let noEventType = try edited("azure-devops/git.pullrequest.created.json", [("\"eventType\"", "\"kind\"")])
        #expect(payloadError(.azureDevOps, noEventType, [:])?.message.contains("eventType") == true)
    }

    @Test("an ignored action is acknowledged even when fields a job needs are missing")
    func lenientIgnore() throws {
        let body = Support.replacing("\"full_name\": \"Codertocat/Hello-World\"", with: "\"x\": 1",
                                     in: try fixture("github/pull_request.converted_to_draft.json"), last: true)
        guard case .ignored(let event, _, _) = try decode(.github, body, Self.github) else {
            Issue.record("expected .ignored")
            return
        }
        #expect(event == "pull_request")
    }

    // MARK: GitHub

    @Test("GitHub form-encoded bodies are verified as sent and decoded from payload=")
    func githubFormBody() throws {
        let json = try fixture("github/pull_request.opened.json")
        for form in [Array("payload=".utf8) + FormEncoding.encode(json),
                     Array("other=1&payload=".utf8) + FormEncoding.encode(json) + Array("&more=x%20y".utf8)] {
            var headers = Self.github
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
            let event = try #require(try decode(.github, form, headers).event)
            #expect(event.intent == .review(.opened))
            #expect(event.title == "Update the README with new information.")
            #expect(event.headSHA == "ec26c3e57ca3a959ca5aad62de7213c562f8c821")
            // The signature covers the form bytes, not the JSON inside.
            let jsonSigned = Support.signedHeaders(.github, body: json, base: headers)
            #expect(Support.processor.verify(platform: .github, headers: HeaderDictionary(jsonSigned), body: form) != .verified)
        }
        let formHeaders = ["X-GitHub-Event": "pull_request", "Content-Type": "application/x-www-form-urlencoded"]
        #expect(payloadError(.github, Array("other=1".utf8), formHeaders) != nil)
        #expect(payloadError(.github, Array("payload=%7B%2".utf8), formHeaders) != nil)
    }

    @Test("GitHub closed with merged=true cancels as pr_merged")
    func githubMerged() throws {
        let body = try edited("github/pull_request.closed.json", [("\"merged\": false", "\"merged\": true")])
        #expect(try decode(.github, body, Self.github).event?.intent == .cancel(reason: "pr_merged"))
    }

    @Test("GitHub deliveries without an event header, and non-PR events, are ignored")
    func githubOtherEvents() throws {
        let body = try fixture("github/pull_request.opened.json")
        guard case .ignored(_, let delivery, _) = try decode(.github, body, ["X-GitHub-Delivery": "abc"]) else {
            Issue.record("expected .ignored")
            return
        }
        #expect(delivery == "abc")
        guard case .ignored(let event, _, _) = try decode(.github, body, ["X-GitHub-Event": "issue_comment"]) else {
            Issue.record("expected .ignored")
            return
        }
        #expect(event == "issue_comment")
        let labeled = try edited("github/pull_request.opened.json", [("\"action\": \"opened\"", "\"action\": \"labeled\"")])
        guard case .ignore = try #require(try decode(.github, labeled, Self.github).event).intent else {
            Issue.record("labeled must be ignored")
            return
        }
    }
}
