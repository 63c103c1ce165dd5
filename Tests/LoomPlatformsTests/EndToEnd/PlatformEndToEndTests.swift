// PlatformEndToEndTests: the same review on GitLab, Gitea, Bitbucket and Azure DevOps, from each real fixture webhook.

import Foundation
import LoomCore
import LoomServer
import LoomTestSupport
import Testing

@Suite("End to end: GitLab, Gitea, Bitbucket, Azure DevOps", .serialized)
struct PlatformEndToEndTests {
    /// One platform's setup: its fake (matching the fixture's repository), the fixture webhook
    /// and its headers, the head and base the fixture names, and the settings that point Loom at the fake.
    struct Case: Sendable {
        let fake: any FakePlatform
        let number: Int
        let head: String
        let base: String
        let webhook: String
        let headers: [(String, String)]
        let configure: @Sendable (inout Settings) -> Void
    }

    static func gitlab() -> Case {
        let fake = FakeGitLab(projectID: 72_081_820, projectPath: "demoaccount2-commits-group/test_ci_tmp")
        return Case(fake: fake, number: 3, head: "2f7670508b771e7e77839402be8b34b13787aba8",
                    base: "5555555555555555555555555555555555555555", webhook: "webhooks/gitlab/merge_request.open.json",
                    headers: [("X-Gitlab-Event", "Merge Request Hook"), ("X-Gitlab-Event-UUID", UUID().uuidString)]) { settings in
            settings.gitlab.baseURL = fake.baseURL
            settings.gitlab.apiToken = fake.token
        }
    }

    static func gitea() -> Case {
        let fake = FakeGitea(owner: "gordon", name: "hello-world")
        return Case(fake: fake, number: 1, head: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                    base: "9353195a19e45482665306e466c832c46560532d", webhook: "webhooks/gitea/pull_request.opened.json",
                    headers: [("X-Gitea-Event", "pull_request"), ("X-Gitea-Delivery", UUID().uuidString)]) { settings in
            settings.gitea.baseURL = fake.baseURL
            settings.gitea.apiToken = fake.token
        }
    }

    static func bitbucket() -> Case {
        let fake = FakeBitbucket(workspace: "amuniz", slug: "test-repos")
        return Case(fake: fake, number: 735, head: "d31df3425c5b", base: "320cc39764dc",
                    webhook: "webhooks/bitbucket/pullrequest_created.json",
                    headers: [("X-Event-Key", "pullrequest:created"), ("X-Request-UUID", UUID().uuidString)]) { settings in
            settings.bitbucket.apiURL = fake.baseURL
            settings.bitbucket.username = fake.username
            settings.bitbucket.appPassword = fake.password
        }
    }

    static func azure() -> Case {
        let fake = FakeAzureDevOps(organization: "fabrikam", projectID: "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
                                   projectName: "Fabrikam", repositoryID: "4bc14d40-c903-45e2-872e-0462c7748079",
                                   repositoryName: "Fabrikam")
        return Case(fake: fake, number: 1, head: "53d54ac915144006c2c9e90d2c7d3880920db49c",
                    base: "6666666666666666666666666666666666666666", webhook: "webhooks/azure-devops/git.pullrequest.created.json",
                    headers: []) { settings in
            settings.azureDevOps.baseURL = fake.baseURL
            settings.azureDevOps.pat = fake.pat
            settings.azureDevOps.organization = "fabrikam"
        }
    }

    @Test("a fixture webhook becomes inline comments on the anchored lines and one summary", arguments: ["gitlab", "gitea", "bitbucket", "azure-devops"])
    func review(platform name: String) async throws {
        let platform = try #require(Platform(rawValue: name))
        let setup = switch platform {
        case .gitlab: Self.gitlab()
        case .gitea: Self.gitea()
        case .bitbucket: Self.bitbucket()
        default: Self.azure()
        }
        try await setup.fake.start()
        let model = try await FakeModelServer.start([.init(content: EndToEnd.firstReply)])
        setup.fake.addPullRequest(EndToEnd.pullRequest(number: setup.number, head: setup.head, base: setup.base,
                                                       config: EndToEnd.config(modelURL: model.baseURL)))
        let loom = try await TestLoom.start(workers: true) { settings in
            setup.configure(&settings)
            settings.environment["OPENAI_API_KEY"] = "sk-test"
        }
        let response = try loom.deliver(platform, body: try Fixtures.bytes(setup.webhook), headers: setup.headers)
        #expect(response?.status == 202, "\(response?.text ?? "no response")")
        let id = try #require(EndToEnd.jobID(response))
        let job = try await loom.waitForFinalJob(id)
        #expect(job["status"] as? String == "completed", "\(job)")
        let inline = setup.fake.comments.filter { $0.kind == .inline }
        #expect(Set(inline.map(EndToEnd.key)) == EndToEnd.firstInline, "\(inline.map(EndToEnd.key))")
        #expect(inline.count == 3)
        #expect(setup.fake.comments.filter { $0.kind == .summary }.count == 1)
        await loom.stop()
        await model.stop()
        await setup.fake.stop()
    }
}
