// PlatformEventRuleTests: GitLab, Gitea/Forgejo, Bitbucket and Azure event rules on edited fixtures.

import LoomCore
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Platform event rules")
struct PlatformEventRuleTests {
    typealias Support = WebhookTestSupport
    static let gitlab = ["X-Gitlab-Event": "Merge Request Hook"]
    static let gitea = ["X-Gitea-Event": "pull_request"]

    func edited(_ file: String, _ edits: [(String, String)]) throws -> [UInt8] {
        var body = try Fixtures.bytes("webhooks/" + file)
        for (target, replacement) in edits { body = Support.replacing(target, with: replacement, in: body) }
        return body
    }

    func event(_ platform: Platform, _ body: [UInt8], _ headers: [String: String]) throws -> PullRequestEvent {
        let decoded = try Support.process(platform, body: body, headers: Support.signedHeaders(platform, body: body, base: headers))
        return try #require(decoded.event)
    }

    func isIgnore(_ intent: WebhookIntent) -> Bool {
        if case .ignore = intent { return true }
        return false
    }

    // MARK: GitLab

    @Test("GitLab update without oldrev is ignored")
    func gitlabUpdateWithoutOldrev() throws {
        let body = try edited("gitlab/merge_request.update.new_commits.json",
                              [("\"action\": \"update\",\n    \"oldrev\": \"8b641937b7340066d882b9d8a8cc5b0573a207de\"",
                                "\"action\": \"update\"")])
        let event = try event(.gitlab, body, Self.gitlab)
        #expect(event.intent == .ignore(reason: "merge request update without new commits"))
        #expect(event.attributes[WebhookAttribute.previousHeadSHA] == nil)
    }

    @Test("GitLab draft cleared is ready for review; marking draft is not")
    func gitlabDraftCleared() throws {
        let marked = try event(.gitlab, try Fixtures.bytes("webhooks/gitlab/merge_request.update.marked_draft.json"), Self.gitlab)
        #expect(marked.isDraft)
        #expect(isIgnore(marked.intent))

        let body = try edited("gitlab/merge_request.update.marked_draft.json", [
            ("\"previous\": false,\n      \"current\": true", "\"previous\": true,\n      \"current\": false"),
            ("\"draft\": true", "\"draft\": false"), ("\"work_in_progress\": true", "\"work_in_progress\": false"),
        ])
        let ready = try event(.gitlab, body, Self.gitlab)
        #expect(ready.intent == .review(.readyForReview))
        #expect(!ready.isDraft)

        // Older GitLab reports the flip under work_in_progress only.
        let legacy = try edited("gitlab/merge_request.update.marked_draft.json", [
            ("\"draft\": {\n      \"previous\": false,\n      \"current\": true",
             "\"work_in_progress\": {\n      \"previous\": true,\n      \"current\": false"),
        ])
        #expect(try event(.gitlab, legacy, Self.gitlab).intent == .review(.readyForReview))
    }

    @Test("GitLab merge cancels as pr_merged; approvals are ignored; system hooks count")
    func gitlabActions() throws {
        let merged = try edited("gitlab/merge_request.close.json", [("\"action\": \"close\"", "\"action\": \"merge\"")])
        #expect(try event(.gitlab, merged, Self.gitlab).intent == .cancel(reason: "pr_merged"))
        let approved = try edited("gitlab/merge_request.close.json", [("\"action\": \"close\"", "\"action\": \"approved\"")])
        #expect(isIgnore(try event(.gitlab, approved, Self.gitlab).intent))
        let open = try Fixtures.bytes("webhooks/gitlab/merge_request.open.json")
        #expect(try event(.gitlab, open, ["X-Gitlab-Event": "System Hook"]).intent == .review(.opened))
    }

    @Test("GitLab delivery id: Idempotency-Key, else X-Gitlab-Event-UUID, else X-Gitlab-Webhook-UUID")
    func gitlabDeliveryPrecedence() throws {
        let body = try Fixtures.bytes("webhooks/gitlab/merge_request.open.json")
        let all = ["Idempotency-Key": "idem", "X-Gitlab-Event-UUID": "event", "X-Gitlab-Webhook-UUID": "hook"]
        func delivery(_ headers: [String: String]) throws -> String? {
            try event(.gitlab, body, Self.gitlab.merging(headers) { $1 }).deliveryID
        }
        #expect(try delivery(all) == "idem")
        #expect(try delivery(["X-Gitlab-Event-UUID": "event", "X-Gitlab-Webhook-UUID": "hook"]) == "event")
        #expect(try delivery(["Idempotency-Key": "", "X-Gitlab-Webhook-UUID": "hook"]) == "hook")
        #expect(try delivery([:]) == nil)
    }

    // MARK: Gitea / Forgejo

    @Test("Gitea edit that drops the WIP prefix is ready for review")
    func giteaWIPToReady() throws {
        for previous in ["WIP: Some ned more AAAA", "[wip] Some ned more AAAA", "wip:Some ned more AAAA"] {
            let body = try edited("gitea/pull_request.reopened.json", [
                ("\"action\": \"reopened\",", "\"action\": \"edited\",\n  \"changes\": {\"title\": {\"from\": \"\(previous)\"}},"),
            ])
            let event = try event(.gitea, body, Self.gitea)
            #expect(event.intent == .review(.readyForReview), "\(previous)")
            #expect(!event.isDraft)
        }
        let renamed = try edited("gitea/pull_request.reopened.json", [
            ("\"action\": \"reopened\",", "\"action\": \"edited\",\n  \"changes\": {\"title\": {\"from\": \"Old title\"}},"),
        ])
        #expect(isIgnore(try event(.gitea, renamed, Self.gitea).intent))
        let toWIP = try edited("gitea/pull_request.reopened.json", [
            ("\"action\": \"reopened\",", "\"action\": \"edited\",\n  \"changes\": {\"title\": {\"from\": \"Some ned more AAAA\"}},"),
            ("\"title\": \"Some ned more AAAA\"", "\"title\": \"WIP: Some ned more AAAA\""),
        ])
        let drafted = try event(.gitea, toWIP, Self.gitea)
        #expect(isIgnore(drafted.intent))
        #expect(drafted.isDraft)
    }

    @Test("Gitea draft comes from the draft flag or a WIP title")
    func giteaDraft() throws {
        let wip = try edited("gitea/pull_request.opened.json", [("\"title\": \"Update", "\"title\": \"[WIP] Update")])
        let event = try event(.gitea, wip, Self.gitea)
        #expect(event.isDraft)
        #expect(event.intent == .review(.opened))
        let flagged = try edited("gitea/pull_request.reopened.json", [("\"draft\": false", "\"draft\": true")])
        #expect(try self.event(.gitea, flagged, Self.gitea).isDraft)
    }

    @Test("Gitea closed with merged=true cancels as pr_merged")
    func giteaMerged() throws {
        let body = try edited("gitea/pull_request.closed.json", [("\"merged\": false", "\"merged\": true")])
        #expect(try event(.gitea, body, Self.gitea).intent == .cancel(reason: "pr_merged"))
    }

    @Test("Forgejo headers alone are enough, and Forgejo's are preferred")
    func forgejoHeaders() throws {
        let body = try Fixtures.bytes("webhooks/gitea/pull_request.reopened.json")
        let hex = Support.hmacHex(body)
        let forgejoOnly = ["X-Forgejo-Event": "pull_request", "X-Forgejo-Event-Type": "pull_request",
                           "X-Forgejo-Delivery": "forgejo-1", "X-Forgejo-Signature": hex]
        let decoded = try Support.process(.gitea, body: body, headers: forgejoOnly)
        #expect(decoded.event?.intent == .review(.reopened))
        #expect(decoded.deliveryID == "forgejo-1")

        let both = forgejoOnly.merging(["X-Gitea-Event": "pull_request", "X-Gitea-Delivery": "gitea-1",
                                        "X-Gitea-Signature": hex, "X-GitHub-Event": "pull_request"]) { $1 }
        #expect(try Support.process(.gitea, body: body, headers: both).deliveryID == "forgejo-1")
        #expect(try Support.process(.gitea, body: body, headers: ["X-GitHub-Event": "pull_request", "X-Gitea-Signature": hex])
            .event?.intent == .review(.reopened))
    }

    // MARK: Bitbucket

    @Test("Bitbucket: other pullrequest events are ignored, draft is read, repo:push is not a PR")
    func bitbucketEvents() throws {
        let body = try Fixtures.bytes("webhooks/bitbucket/pullrequest_updated.json")
        #expect(isIgnore(try event(.bitbucket, body, ["X-Event-Key": "pullrequest:comment_created"]).intent))
        let draft = try edited("bitbucket/pullrequest_updated.json", [("\"draft\": false", "\"draft\": true")])
        let event = try event(.bitbucket, draft, ["X-Event-Key": "pullrequest:updated", "X-Request-UUID": "req-1"])
        #expect(event.isDraft)
        #expect(event.deliveryID == "req-1")
        #expect(event.intent == .review(.newCommits))
    }

    // MARK: Azure DevOps

    @Test("Azure updated: completed cancels as merged, abandoned as closed, active reviews the head")
    func azureUpdated() throws {
        let completed = try event(.azureDevOps, try Fixtures.bytes("webhooks/azure-devops/git.pullrequest.updated.json"), [:])
        #expect(completed.intent == .cancel(reason: "pr_merged"))
        let abandoned = try edited("azure-devops/git.pullrequest.updated.json", [("\"status\": \"completed\"", "\"status\": \"abandoned\"")])
        #expect(try event(.azureDevOps, abandoned, [:]).intent == .cancel(reason: "pr_closed"))
        let active = try edited("azure-devops/git.pullrequest.updated.json", [("\"status\": \"completed\"", "\"status\": \"active\"")])
        #expect(try event(.azureDevOps, active, [:]).intent == .review(.newCommits))
    }

    @Test("Azure merged on an active PR is a merge attempt, ignored; isDraft is read")
    func azureMergedAndDraft() throws {
        let attempt = try edited("azure-devops/git.pullrequest.merged.json", [("\"status\": \"completed\"", "\"status\": \"active\"")])
        #expect(isIgnore(try event(.azureDevOps, attempt, [:]).intent))
        let draft = try edited("azure-devops/git.pullrequest.created.json", [("\"status\": \"active\",", "\"status\": \"active\", \"isDraft\": true,")])
        let event = try event(.azureDevOps, draft, [:])
        #expect(event.isDraft)
        #expect(event.intent == .review(.opened))
    }

    @Test("Azure organization comes from the account base URL, else the repository URL")
    func azureOrganization() throws {
        let repositoryURL = "\"url\": \"https://dev.azure.com/fabrikam/DefaultCollection/_apis/repos/git/repositories/4bc14d40-c903-45e2-872e-0462c7748079\""
        let file = "azure-devops/git.pullrequest.created.json"
        func organization(_ edits: [(String, String)]) throws -> String? {
            try event(.azureDevOps, try edited(file, edits), [:]).attributes[WebhookAttribute.organization]
        }
        #expect(try organization([]) == "fabrikam")
        #expect(try organization([(repositoryURL, "\"url\": \"https://Contoso.visualstudio.com/DefaultCollection/_apis/x\"")])
            == "contoso")
        #expect(try organization([(repositoryURL, "\"url\": \"https://tfs.example.com/tfs/DefaultCollection/_apis/x\"")]) == nil)
        #expect(try organization([("\"id\": \"f844ec47-a9db-4511-8281-8b63f4eaf94e\"",
                                   "\"id\": \"f844ec47\", \"baseUrl\": \"https://dev.azure.com/woodgrove/\"")]) == "woodgrove")
    }
}
