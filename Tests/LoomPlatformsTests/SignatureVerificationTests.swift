// SignatureVerificationTests: the published signature vectors and every way a signature can be wrong.

import LoomCore
import LoomCrypto
import LoomPlatforms
import LoomTestSupport
import Testing

@Suite("Webhook signature verification")
struct SignatureVerificationTests {
    typealias Support = WebhookTestSupport
    static let helloWorld = Array("Hello, World!".utf8)
    static let githubDocsSecret = "It's a Secret to Everybody"
    static let githubDocsHex = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    func verify(_ platform: Platform, _ headers: [String: String], body: [UInt8],
                processor: WebhookProcessor = Support.processor) -> WebhookVerification {
        processor.verify(platform: platform, headers: HeaderDictionary(headers), body: body)
    }

    func isInvalid(_ verification: WebhookVerification) -> Bool {
        if case .invalidSignature = verification { return true }
        return false
    }

    @Test("Bitbucket's real vector over repo_push.signed.json")
    func bitbucketVector() throws {
        let body = try Fixtures.bytes("webhooks/bitbucket/repo_push.signed.json")
        #expect(body.count == 14515)
        let entry = try #require(try Fixtures.manifest().first { $0.file == "webhooks/bitbucket/repo_push.signed.json" })
        let processor = WebhookProcessor(secrets: WebhookSecrets(bitbucket: "Gkvl$k$wyNpQAF42"))
        #expect(verify(.bitbucket, entry.headers, body: body, processor: processor) == .verified)
        #expect(verify(.bitbucket, ["X-Hub-Signature": "sha256=f205c729821c6954aff2afe72b965c34015b4baf96ea8ddc2cc44999c014a035"],
                       body: body, processor: processor) == .verified)
        #expect(isInvalid(verify(.bitbucket, entry.headers, body: body)))
    }

    @Test("GitHub's documented Hello, World! vector")
    func githubVector() {
        let processor = WebhookProcessor(secrets: WebhookSecrets(github: Self.githubDocsSecret))
        #expect(verify(.github, ["X-Hub-Signature-256": "sha256=" + Self.githubDocsHex], body: Self.helloWorld,
                       processor: processor) == .verified)
    }

    @Test("Gitea and Forgejo use the same HMAC as bare hex")
    func giteaVector() {
        let processor = WebhookProcessor(secrets: WebhookSecrets(gitea: Self.githubDocsSecret))
        #expect(verify(.gitea, ["X-Gitea-Signature": Self.githubDocsHex], body: Self.helloWorld, processor: processor) == .verified)
        #expect(verify(.gitea, ["X-Forgejo-Signature": Self.githubDocsHex], body: Self.helloWorld, processor: processor) == .verified)
        // A GitHub-style prefix is not Gitea's format.
        #expect(isInvalid(verify(.gitea, ["X-Gitea-Signature": "sha256=" + Self.githubDocsHex], body: Self.helloWorld,
                                 processor: processor)))
    }

    @Test("upper-case hex is accepted")
    func upperCaseHex() {
        let processor = WebhookProcessor(secrets: WebhookSecrets(github: Self.githubDocsSecret, gitea: Self.githubDocsSecret))
        #expect(verify(.github, ["X-Hub-Signature-256": "sha256=" + Self.githubDocsHex.uppercased()], body: Self.helloWorld,
                       processor: processor) == .verified)
        #expect(verify(.github, ["X-Hub-Signature-256": "SHA256=" + Self.githubDocsHex], body: Self.helloWorld,
                       processor: processor) == .verified)
        #expect(verify(.gitea, ["X-Gitea-Signature": Self.githubDocsHex.uppercased()], body: Self.helloWorld,
                       processor: processor) == .verified)
    }

    @Test("a signature over different bytes is rejected", arguments: [Platform.github, .gitea, .bitbucket])
    func oneByteChanged(_ platform: Platform) throws {
        let body = try Fixtures.bytes("webhooks/github/pull_request.opened.json")
        let headers = Support.signedHeaders(platform, body: body)
        #expect(verify(platform, headers, body: body) == .verified)
        var tampered = body
        tampered[tampered.count / 2] ^= 0x01
        #expect(isInvalid(verify(platform, headers, body: tampered)))
        #expect(isInvalid(verify(platform, headers, body: body + [0x20])))
    }

    @Test("wrong, missing, empty and malformed signatures are rejected", arguments: [Platform.github, .gitea, .bitbucket])
    func badSignatures(_ platform: Platform) {
        let body = Self.helloWorld
        let header = switch platform {
        case .github: "X-Hub-Signature-256"
        case .gitea: "X-Gitea-Signature"
        default: "X-Hub-Signature"
        }
        let prefix = platform == .gitea ? "" : "sha256="
        let wrongSecret = Support.signedHeaders(platform, body: body, secret: "another-secret")
        #expect(isInvalid(verify(platform, wrongSecret, body: body)))
        #expect(isInvalid(verify(platform, [:], body: body)))
        #expect(isInvalid(verify(platform, [header: ""], body: body)))
        #expect(isInvalid(verify(platform, [header: prefix], body: body)))
        #expect(isInvalid(verify(platform, [header: prefix + "zz" + String(repeating: "0", count: 62)], body: body)))
        #expect(isInvalid(verify(platform, [header: prefix + String(Support.hmacHex(body).dropLast(2))], body: body)))
        #expect(isInvalid(verify(platform, [header: "sha1=" + Support.hmacHex(body)], body: body)))
    }

    @Test("an empty Forgejo signature fails even when a Gitea one is present; Forgejo's is preferred")
    func forgejoPreferred() {
        let body = Self.helloWorld
        let good = Support.hmacHex(body)
        #expect(verify(.gitea, ["X-Forgejo-Signature": good, "X-Gitea-Signature": good], body: body) == .verified)
        #expect(isInvalid(verify(.gitea, ["X-Forgejo-Signature": "", "X-Gitea-Signature": good], body: body)))
        #expect(isInvalid(verify(.gitea, ["X-Forgejo-Signature": "", "X-Gitea-Signature": ""], body: body)))
        #expect(isInvalid(verify(.gitea, ["X-Forgejo-Signature": String(repeating: "0", count: 64),
                                          "X-Gitea-Signature": good], body: body)))
    }

    @Test("GitLab's token must equal the secret")
    func gitlabToken() {
        #expect(verify(.gitlab, ["X-Gitlab-Token": Support.secret], body: []) == .verified)
        #expect(isInvalid(verify(.gitlab, ["X-Gitlab-Token": Support.secret + "x"], body: [])))
        #expect(isInvalid(verify(.gitlab, ["X-Gitlab-Token": String(Support.secret.dropLast())], body: [])))
        #expect(isInvalid(verify(.gitlab, ["X-Gitlab-Token": ""], body: [])))
        #expect(isInvalid(verify(.gitlab, [:], body: [])))
    }

    @Test("an unconfigured platform is never accepted", arguments: Platform.allCases)
    func notConfigured(_ platform: Platform) {
        for secrets in [WebhookSecrets(), WebhookSecrets(github: "", gitlab: "", bitbucket: "", bitbucketHookUUIDs: [""],
                                                         gitea: "", azureDevOps: "")] {
            let processor = WebhookProcessor(secrets: secrets)
            let headers = Support.signedHeaders(platform, body: Self.helloWorld, secret: "")
            guard case .notConfigured = verify(platform, headers, body: Self.helloWorld, processor: processor) else {
                Issue.record("\(platform) without a secret must answer notConfigured")
                continue
            }
            #expect(!processor.isConfigured(platform))
        }
    }

    @Test("Bitbucket without a secret accepts only configured hook UUIDs, with or without braces")
    func bitbucketUUIDMode() {
        let processor = WebhookProcessor(secrets: WebhookSecrets(
            bitbucketHookUUIDs: ["{6A1B2C3D-0000-4000-8000-00000000000A}", "11111111-2222-3333-4444-555555555555"]))
        #expect(processor.isConfigured(.bitbucket))
        for sent in ["6a1b2c3d-0000-4000-8000-00000000000a", "{6a1b2c3d-0000-4000-8000-00000000000a}",
                     "6A1B2C3D-0000-4000-8000-00000000000A", "{11111111-2222-3333-4444-555555555555}"] {
            #expect(verify(.bitbucket, ["X-Hook-UUID": sent], body: Self.helloWorld, processor: processor) == .verified)
        }
        #expect(isInvalid(verify(.bitbucket, ["X-Hook-UUID": "6a1b2c3d-0000-4000-8000-00000000000b"], body: [], processor: processor)))
        #expect(isInvalid(verify(.bitbucket, ["X-Hook-UUID": ""], body: [], processor: processor)))
        #expect(isInvalid(verify(.bitbucket, [:], body: [], processor: processor)))

        // With a secret too, the signature is what counts.
        let both = WebhookProcessor(secrets: WebhookSecrets(bitbucket: Support.secret,
                                                            bitbucketHookUUIDs: ["11111111-2222-3333-4444-555555555555"]))
        #expect(isInvalid(verify(.bitbucket, ["X-Hook-UUID": "11111111-2222-3333-4444-555555555555"], body: [], processor: both)))
        #expect(verify(.bitbucket, Support.signedHeaders(.bitbucket, body: []), body: [], processor: both) == .verified)
    }

    @Test("Azure DevOps Basic auth: right password with any user, wrong password, malformed header")
    func azureBasicAuth() {
        func basic(_ credentials: String) -> [String: String] {
            ["Authorization": "Basic " + Base64.encode(Array(credentials.utf8))]
        }
        #expect(verify(.azureDevOps, basic("loom:" + Support.secret), body: []) == .verified)
        #expect(verify(.azureDevOps, basic(":" + Support.secret), body: []) == .verified)
        #expect(verify(.azureDevOps, ["Authorization": "basic " + Base64.encode(Array("x:\(Support.secret)".utf8))],
                       body: []) == .verified)
        #expect(isInvalid(verify(.azureDevOps, basic("loom:wrong"), body: [])))
        #expect(isInvalid(verify(.azureDevOps, basic("loom:" + Support.secret + "x"), body: [])))
        #expect(isInvalid(verify(.azureDevOps, basic(Support.secret), body: [])))  // no colon: no password
        #expect(isInvalid(verify(.azureDevOps, basic(Support.secret + ":loom"), body: [])))  // secret as the user
        #expect(isInvalid(verify(.azureDevOps, ["Authorization": "Basic !!!not-base64!!!"], body: [])))
        #expect(isInvalid(verify(.azureDevOps, ["Authorization": "Basic "], body: [])))
        #expect(isInvalid(verify(.azureDevOps, ["Authorization": "Bearer " + Support.secret], body: [])))
        #expect(isInvalid(verify(.azureDevOps, [:], body: [])))
    }
}
