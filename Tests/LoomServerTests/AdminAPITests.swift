// AdminAPITests: /api/* behind the bearer token: list, filter, show, retry, cancel, repositories.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("Admin API")
struct AdminAPITests {
    @Test("without LOOM_ADMIN_TOKEN the API is disabled; with it, a missing or wrong token is 401")
    func authentication() async throws {
        let disabled = try await TestLoom.start { $0.adminToken = nil }
        let off = try #require(try disabled.admin("/api/jobs", token: nil))
        #expect(off.status == 403 && WebhookIngestionTests.json(off)["error"] as? String == "api_disabled")
        await disabled.stop()

        let loom = try await TestLoom.start()
        for token in [nil, "wrong", "admin-token-but-longer"] {
            let response = try #require(try loom.admin("/api/jobs", token: token))
            #expect(response.status == 401)
            #expect(response.header("WWW-Authenticate") == "Bearer")
        }
        #expect(try loom.admin("/api/jobs")?.status == 200)
        await loom.stop()
    }

    @Test("jobs are listed newest first and filtered; show, cancel and retry act on one job")
    func jobs() async throws {
        let loom = try await TestLoom.start()
        let template = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
        var ids: [String] = []
        for (index, number) in [11, 12, 13].enumerated() {
            let body = template.replacingOccurrences(of: "\"number\": 2,", with: "\"number\": \(number),")
                .replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: String(repeating: String(index + 1), count: 40))
            let response = try loom.deliver(.github, body: Array(body.utf8), headers: [("X-GitHub-Event", "pull_request")]
                                            + WebhookIngestionTests.deliveryHeader(.github))
            ids.append(try #require(WebhookIngestionTests.json(response)["job_id"] as? String))
        }
        let list = WebhookIngestionTests.json(try loom.admin("/api/jobs?limit=2"))["jobs"] as? [[String: Any]] ?? []
        #expect(list.map { $0["id"] as? String } == [ids[2], ids[1]])
        #expect(Set(list[0].keys) == ["id", "platform", "repository", "pr_number", "head_sha", "base_sha", "status", "reason",
                                      "attempts", "created_at", "started_at", "completed_at", "error"])

        let cancelled = WebhookIngestionTests.json(try loom.admin("/api/jobs/\(ids[0])/cancel", method: "POST"))
        #expect(cancelled["status"] as? String == "cancelled")
        let again = try #require(try loom.admin("/api/jobs/\(ids[0])/cancel", method: "POST"))
        #expect(again.status == 409)
        let byStatus = WebhookIngestionTests.json(try loom.admin("/api/jobs?status=cancelled"))["jobs"] as? [[String: Any]] ?? []
        #expect(byStatus.map { $0["id"] as? String } == [ids[0]])
        let badStatus = try #require(try loom.admin("/api/jobs?status=lost"))
        #expect(badStatus.status == 400)

        let retried = WebhookIngestionTests.json(try loom.admin("/api/jobs/\(ids[0])/retry", method: "POST"))
        #expect(retried["status"] as? String == "queued" && retried["attempts"] as? Int == 0)
        let shown = WebhookIngestionTests.json(try loom.admin("/api/jobs/\(ids[1])"))
        #expect(shown["pr_number"] as? Int == 12 && shown["findings"] as? [Any] != nil && shown.keys.contains("review"))
        #expect(try loom.admin("/api/jobs/00000000-0000-4000-8000-000000000000")?.status == 404)
        let byRepository = WebhookIngestionTests.json(try loom.admin("/api/jobs?repo=Codertocat/Hello-World"))["jobs"] as? [Any]
        #expect(byRepository?.count == 3)
        let repositories = WebhookIngestionTests.json(try loom.admin("/api/repos"))["repositories"] as? [[String: Any]] ?? []
        #expect(repositories.map { $0["full_name"] as? String } == ["Codertocat/Hello-World"])
        await loom.stop()
    }
}
