// FixtureDecodingTests: every real webhook fixture, signed with the platform's scheme, verified and decoded.

import LoomCore
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Webhook fixtures")
struct FixtureDecodingTests {
    static let files = FixtureExpectations.all.keys.sorted()

    @Test("every webhook fixture in the manifest has an expectation")
    func manifestIsCovered() throws {
        let manifestFiles = try Fixtures.manifest().map(\.file).filter { $0.hasPrefix("webhooks/") }.sorted()
        #expect(manifestFiles == Self.files)
    }

    @Test("fixture verifies and decodes to the values in the file", arguments: files)
    func decodesFixture(_ file: String) throws {
        let expected = try #require(FixtureExpectations.all[file])
        let entry = try #require(try Fixtures.manifest().first { $0.file == file })
        let platform = WebhookTestSupport.platform(ofFixture: file)
        let body = try Fixtures.bytes(file)
        var headers = WebhookTestSupport.signedHeaders(platform, body: body, base: entry.headers)
        let deliveryID = "delivery-" + file
        if let header = WebhookTestSupport.deliveryHeader(platform) { headers[header] = deliveryID }

        let decoded = try WebhookTestSupport.process(platform, body: body, headers: headers)

        #expect(decoded.deliveryID == (expected.bodyDeliveryID ?? deliveryID))
        #expect(decoded.eventName == expected.event)
        guard let intent = expected.intent else {
            guard case .ignored = decoded else {
                Issue.record("\(file) should be ignored as a non-PR event, got \(decoded)")
                return
            }
            return
        }
        let event = try #require(decoded.event, "\(file) should decode to a pull-request event")
        #expect(event.platform == platform)
        #expect(event.intent == intent)
        #expect(event.repository.platform == platform)
        #expect(event.repository.fullName == expected.repository)
        #expect(event.repository.platformID == expected.repositoryID)
        #expect(event.number == expected.number)
        #expect(event.headSHA == expected.head)
        #expect(event.baseSHA == expected.base)
        #expect(event.sourceBranch == expected.source)
        #expect(event.targetBranch == expected.target)
        #expect(event.isDraft == expected.draft)
        #expect(event.author == expected.author)
    }

    @Test("platform attributes a worker needs for API calls")
    func attributes() throws {
        func event(_ file: String) throws -> PullRequestEvent {
            let platform = WebhookTestSupport.platform(ofFixture: file)
            let body = try Fixtures.bytes(file)
            let base = try #require(try Fixtures.manifest().first { $0.file == file }).headers
            let decoded = try WebhookTestSupport.process(
                platform, body: body, headers: WebhookTestSupport.signedHeaders(platform, body: body, base: base))
            return try #require(decoded.event)
        }
        let github = try event("webhooks/github/pull_request.opened.json")
        #expect(github.attributes[WebhookAttribute.owner] == "Codertocat")
        #expect(github.attributes[WebhookAttribute.name] == "Hello-World")
        #expect(github.attributes[WebhookAttribute.installationID] == "1")
        #expect(github.title == "Update the README with new information.")

        let synchronize = try event("webhooks/github/pull_request.synchronize.json")
        #expect(synchronize.attributes[WebhookAttribute.previousHeadSHA] == "f95f852bd8fca8fcc58a9a2d6c842781e32a215e")

        let gitlab = try event("webhooks/gitlab/merge_request.update.new_commits.json")
        #expect(gitlab.attributes[WebhookAttribute.projectID] == "32059612")
        #expect(gitlab.attributes[WebhookAttribute.previousHeadSHA] == "8b641937b7340066d882b9d8a8cc5b0573a207de")
        #expect(gitlab.attributes[WebhookAttribute.authorID] == "2251488")
        #expect(gitlab.baseSHA == nil)

        let gitea = try event("webhooks/gitea/pull_request.reopened.json")
        #expect(gitea.attributes[WebhookAttribute.owner] == "test_it")
        #expect(gitea.attributes[WebhookAttribute.name] == "test_ci_thing")

        let bitbucket = try event("webhooks/bitbucket/pullrequest_created.json")
        #expect(bitbucket.attributes[WebhookAttribute.workspace] == "amuniz")
        #expect(bitbucket.attributes[WebhookAttribute.slug] == "test-repos")
        #expect(bitbucket.attributes[WebhookAttribute.authorID] == "557058:ca1cd232-2017-4216-94be-99637899e18d")

        let azure = try event("webhooks/azure-devops/git.pullrequest.created.json")
        #expect(azure.attributes[WebhookAttribute.organization] == "fabrikam")
        #expect(azure.attributes[WebhookAttribute.accountID] == "f844ec47-a9db-4511-8281-8b63f4eaf94e")
        #expect(azure.attributes[WebhookAttribute.projectID] == "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c")
        #expect(azure.attributes[WebhookAttribute.projectName] == "Fabrikam")
        #expect(azure.attributes[WebhookAttribute.repositoryID] == "4bc14d40-c903-45e2-872e-0462c7748079")
        #expect(azure.title == "my first pull request")
    }
}
