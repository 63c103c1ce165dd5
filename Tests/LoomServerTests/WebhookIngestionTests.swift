// WebhookIngestionTests: SPEC §4 end to end over HTTP: every fixture, signatures, de-duplication, jobs, filters.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("Webhook ingestion")
struct WebhookIngestionTests {
    /// The expected answer for every webhook fixture: status and, for 200s, the reason or cancel.
    static let expectations: [String: (status: Int, reason: String?)] = [
        "webhooks/github/pull_request.opened.json": (202, nil),
        "webhooks/github/pull_request.synchronize.json": (202, nil),
        "webhooks/github/pull_request.reopened.json": (202, nil),
        "webhooks/github/pull_request.ready_for_review.json": (202, nil),
        "webhooks/github/pull_request.closed.json": (200, "cancelled"),
        "webhooks/github/pull_request.converted_to_draft.json": (200, "event_ignored"),
        "webhooks/github/ping.json": (200, "event_ignored"),
        "webhooks/gitlab/merge_request.open.json": (202, nil),
        "webhooks/gitlab/merge_request.update.new_commits.json": (202, nil),
        "webhooks/gitlab/merge_request.reopen.json": (202, nil),
        "webhooks/gitlab/merge_request.close.json": (200, "cancelled"),
        "webhooks/gitlab/merge_request.update.marked_draft.json": (200, "event_ignored"),
        "webhooks/gitlab/push.json": (200, "event_ignored"),
        "webhooks/gitea/pull_request.opened.json": (202, nil),
        "webhooks/gitea/pull_request.synchronized.json": (202, nil),
        "webhooks/gitea/pull_request.reopened.json": (202, nil),
        "webhooks/gitea/pull_request.closed.json": (200, "cancelled"),
        "webhooks/gitea/push.json": (200, "event_ignored"),
        "webhooks/bitbucket/pullrequest_created.json": (202, nil),
        "webhooks/bitbucket/pullrequest_updated.json": (202, nil),
        "webhooks/bitbucket/pullrequest_fulfilled.json": (200, "cancelled"),
        "webhooks/bitbucket/pullrequest_rejected.json": (200, "cancelled"),
        "webhooks/bitbucket/repo_push.signed.json": (200, "event_ignored"),
        "webhooks/azure-devops/git.pullrequest.created.json": (202, nil),
        "webhooks/azure-devops/git.pullrequest.updated.json": (200, "cancelled"),
        "webhooks/azure-devops/git.pullrequest.merged.json": (200, "cancelled"),
        "webhooks/azure-devops/git.push.json": (200, "event_ignored"),
    ]

    static func platform(of file: String) -> Platform {
        Platform(rawValue: file.split(separator: "/")[1].description)!
    }

    /// The platform's delivery-id header with a fresh id (Azure's id is in the body).
    static func deliveryHeader(_ platform: Platform) -> [(String, String)] {
        let id = UUID().uuidString
        switch platform {
        case .github: return [("X-GitHub-Delivery", id)]
        case .gitlab: return [("X-Gitlab-Event-UUID", id)]
        case .gitea: return [("X-Gitea-Delivery", id)]
        case .bitbucket: return [("X-Request-UUID", id)]
        case .azureDevOps: return []
        }
    }

    static func json(_ response: RawResponse?) -> [String: Any] {
        guard let response, let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return [:] }
        return object
    }

    @Test("every fixture, signed and sent with its manifest headers, gets the answer its event calls for")
    func everyFixture() async throws {
        let loom = try await TestLoom.start()
        let entries = try Fixtures.manifest().filter { $0.file.hasPrefix("webhooks/") }
        #expect(entries.count == Self.expectations.count)
        for entry in entries {
            let expected = try #require(Self.expectations[entry.file], "no expectation for \(entry.file)")
            let platform = Self.platform(of: entry.file)
            let body = try Fixtures.bytes(entry.file)
            // The manifest's own signature (Bitbucket's real vector) is for another secret; ours replaces it.
            let headers = entry.headers.filter { !["x-hub-signature", "x-hub-signature-256"].contains($0.key.lowercased()) }
            let response = try #require(try loom.deliver(platform, body: body,
                                                         headers: headers.map { ($0.key, $0.value) } + Self.deliveryHeader(platform)))
            #expect(response.status == expected.status, "\(entry.file): \(response.text)")
            let object = Self.json(response)
            if expected.status == 202 {
                #expect(object["success"] as? Bool == true && (object["job_id"] as? String)?.count == 36, "\(entry.file)")
                #expect(object["message"] as? String != nil && object["repository"] as? String != nil && object["pr_number"] as? Int != nil)
            } else if expected.reason == "cancelled" {
                #expect(object["success"] as? Bool == true && object["cancelled_jobs"] != nil, "\(entry.file): \(response.text)")
            } else {
                #expect(object["success"] as? Bool == false && object["reason"] as? String == expected.reason, "\(entry.file): \(response.text)")
            }
        }
        await loom.stop()
    }

    @Test("wrong, missing and empty signatures are refused with 401 and store nothing")
    func badSignatures() async throws {
        let loom = try await TestLoom.start()
        let body = try Fixtures.bytes("webhooks/github/pull_request.opened.json")
        let base = [("X-GitHub-Event", "pull_request")]
        let wrong = WebhookSigner.authenticationHeaders(.github, secret: "not-the-secret", body: body)
        for headers in [wrong, [], [("X-Hub-Signature-256", "")], [("X-Hub-Signature-256", "sha256=")]] {
            let response = try #require(try loom.deliver(.github, body: body, headers: base + Self.deliveryHeader(.github) + headers, sign: false))
            #expect(response.status == 401)
            #expect(Self.json(response)["error"] as? String == "invalid_signature")
        }
        let gitlab = try #require(try loom.deliver(.gitlab, body: try Fixtures.bytes("webhooks/gitlab/merge_request.open.json"),
                                                   headers: [("X-Gitlab-Event", "Merge Request Hook"), ("X-Gitlab-Token", "nope")], sign: false))
        #expect(gitlab.status == 401)
        let jobs = Self.json(try loom.admin("/api/jobs"))["jobs"] as? [Any]
        #expect(jobs?.isEmpty == true)
        await loom.stop()
    }

    @Test("a platform without a configured secret answers 500 not_configured")
    func notConfigured() async throws {
        let loom = try await TestLoom.start { $0.gitlab.webhookSecret = nil }
        let response = try #require(try loom.deliver(.gitlab, body: try Fixtures.bytes("webhooks/gitlab/merge_request.open.json"),
                                                     headers: [("X-Gitlab-Event", "Merge Request Hook")]))
        #expect(response.status == 500)
        #expect(Self.json(response)["error"] as? String == "not_configured")
        await loom.stop()
    }

    @Test("a repeated delivery id is a duplicate; a second delivery for the same head reuses the job")
    func duplicates() async throws {
        let loom = try await TestLoom.start()
        let body = try Fixtures.bytes("webhooks/github/pull_request.opened.json")
        let headers = [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", "delivery-1")]
        let first = try #require(try loom.deliver(.github, body: body, headers: headers))
        #expect(first.status == 202)
        let again = try #require(try loom.deliver(.github, body: body, headers: headers))
        #expect(again.status == 200 && Self.json(again)["reason"] as? String == "duplicate_delivery")
        let sameHead = try #require(try loom.deliver(.github, body: body, headers: [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", "delivery-2")]))
        #expect(sameHead.status == 202)
        #expect(Self.json(sameHead)["job_id"] as? String == Self.json(first)["job_id"] as? String)
        #expect((Self.json(try loom.admin("/api/jobs"))["jobs"] as? [Any])?.count == 1)
        await loom.stop()
    }

    @Test("a newer head supersedes the queued job; closing the PR cancels the rest")
    func supersedeAndCancel() async throws {
        let loom = try await TestLoom.start()
        let opened = try Fixtures.bytes("webhooks/github/pull_request.opened.json")
        let newHead = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.synchronize.json"), as: UTF8.self)
            .replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: "1111111111111111111111111111111111111111")
        let event = [("X-GitHub-Event", "pull_request")]
        let first = Self.json(try loom.deliver(.github, body: opened, headers: event + Self.deliveryHeader(.github)))
        let second = Self.json(try loom.deliver(.github, body: Array(newHead.utf8), headers: event + Self.deliveryHeader(.github)))
        let firstJob = Self.json(try loom.admin("/api/jobs/\(first["job_id"] as! String)"))
        #expect(firstJob["status"] as? String == "cancelled" && firstJob["reason"] as? String == "superseded")
        #expect(Self.json(try loom.admin("/api/jobs/\(second["job_id"] as! String)"))["status"] as? String == "queued")

        let closed = try Fixtures.bytes("webhooks/github/pull_request.closed.json")
        let cancel = Self.json(try loom.deliver(.github, body: closed, headers: event + Self.deliveryHeader(.github)))
        #expect(cancel["cancelled_jobs"] as? [String] == [second["job_id"] as! String])
        let secondJob = Self.json(try loom.admin("/api/jobs/\(second["job_id"] as! String)"))
        #expect(secondJob["status"] as? String == "cancelled" && secondJob["reason"] as? String == "pr_closed")
        await loom.stop()
    }

    @Test("malformed JSON and payloads missing what a job needs get 400 and store nothing")
    func invalidPayloads() async throws {
        let loom = try await TestLoom.start()
        let event = [("X-GitHub-Event", "pull_request")]
        let opened = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
        let truncated = Array(opened.utf8.prefix(5000))
        let noNumber = opened.replacingOccurrences(of: "\"number\": 2,", with: "")
        let noHead = opened.replacingOccurrences(of: "\"sha\": \"ec26c3e57ca3a959ca5aad62de7213c562f8c821\"", with: "\"sha\": null")
        #expect(noNumber != opened && noHead != opened, "the edits must change the payload")
        for body in [truncated, Array("not json".utf8), Array(noNumber.utf8), Array(noHead.utf8)] {
            let response = try #require(try loom.deliver(.github, body: body, headers: event + Self.deliveryHeader(.github)))
            #expect(response.status == 400)
            #expect(Self.json(response)["error"] as? String == "invalid_payload")
        }
        #expect((Self.json(try loom.admin("/api/jobs"))["jobs"] as? [Any])?.isEmpty == true)
        #expect((Self.json(try loom.admin("/api/repos"))["repositories"] as? [Any])?.isEmpty == true)
        await loom.stop()
    }

    @Test("drafts are acknowledged, not queued, unless LOOM_REVIEW_DRAFTS; the allowlist filters repositories")
    func draftsAndAllowlist() async throws {
        let draft = Array(String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
            .replacingOccurrences(of: "\"draft\": false", with: "\"draft\": true").utf8)
        let event = [("X-GitHub-Event", "pull_request")]
        let loom = try await TestLoom.start { $0.repoAllowlist = ["Codertocat/*"] }
        let skipped = try #require(try loom.deliver(.github, body: draft, headers: event + Self.deliveryHeader(.github)))
        #expect(skipped.status == 200 && Self.json(skipped)["reason"] as? String == "draft")
        await loom.stop()

        let reviewing = try await TestLoom.start { $0.reviewDrafts = true }
        #expect(try reviewing.deliver(.github, body: draft, headers: event + Self.deliveryHeader(.github))?.status == 202)
        await reviewing.stop()

        let elsewhere = try await TestLoom.start { $0.repoAllowlist = ["acme/*"] }
        let refused = try #require(try elsewhere.deliver(.github, body: try Fixtures.bytes("webhooks/github/pull_request.opened.json"),
                                                         headers: event + Self.deliveryHeader(.github)))
        #expect(refused.status == 200 && Self.json(refused)["reason"] as? String == "repo_not_enabled")
        await elsewhere.stop()
    }

    @Test("over the per-repository limit the answer is 429 with Retry-After")
    func rateLimit() async throws {
        let loom = try await TestLoom.start { $0.rateLimitPerHour = 2 }
        let template = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
        var statuses: [Int] = []
        var last: RawResponse?
        for index in 0..<3 {
            let body = template.replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
                                                     with: String(repeating: String(index), count: 40))
            last = try loom.deliver(.github, body: Array(body.utf8), headers: [("X-GitHub-Event", "pull_request")] + Self.deliveryHeader(.github))
            statuses.append(last?.status ?? 0)
        }
        #expect(statuses == [202, 202, 429])
        let retryAfter = try #require(Int(last?.header("Retry-After") ?? ""))
        #expect(retryAfter > 3500 && retryAfter <= 3600)
        #expect(Self.json(last)["retry_after"] as? Int == retryAfter && Self.json(last)["error"] as? String == "rate_limit_exceeded")
        await loom.stop()
    }

    @Test("unknown platforms are 404 and non-JSON bodies 415")
    func unknownPlatformAndMediaType() async throws {
        let loom = try await TestLoom.start()
        let body = Array("{}".utf8)
        let unknown = try #require(try loom.send(Array("POST /webhooks/svn HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".utf8)))
        #expect(unknown.status == 404)
        let text = try #require(try loom.deliver(.gitlab, body: body, headers: [("X-Gitlab-Event", "Merge Request Hook")], contentType: "text/plain"))
        #expect(text.status == 415 && Self.json(text)["error"] as? String == "unsupported_media_type")
        await loom.stop()
    }
}
