// ScaleOutOutageTests: PostgreSQL or Redis goes away under a running Loom — webhooks and /health keep the contract, and recover.

import Foundation
import LoomCore
import LoomQueue
import LoomStore
import LoomTestSupport
import Synchronization
import Testing

@Suite("Scale-out outages", .serialized, .enabled(if: RedisServerProcess.executable != nil))
struct ScaleOutOutageTests {
    @Test("PostgreSQL stopped: webhooks 503, /health unhealthy; started again: both recover without a restart")
    func postgresOutage() async throws {
        // A private cluster: stopping the shared one would break every other test.
        let postgres = try await TestPostgres.Server.start()
        let redis = try RedisServerProcess()
        let databaseURL = try await postgres.createDatabase()
        let handler = RecordingHandler()
        let loom = try await TestLoom.start(workers: true, {
            $0.databaseURL = databaseURL
            $0.redisURL = redis.url
            $0.workers = 2
        }, jobHandler: handler)

        let healthy = try Self.health(loom)
        #expect(healthy.status == 200 && healthy.body["status"] as? String == "healthy", "\(healthy.body)")
        #expect(Self.components(healthy.body) == ["database": "healthy", "queue": "healthy"])
        let before = try Self.deliver(loom, pr: 1, delivery: "pg-before")
        #expect(before.status == 202, "\(before.text)")

        try await postgres.stop()
        let clock = SystemClock()
        let sent = clock.now()
        let refused = try Self.deliver(loom, pr: 2, delivery: "pg-during")
        #expect(clock.now() - sent < .seconds(5), "the 503 must come fast enough for the platform to retry")
        Self.expectUnavailable(refused)
        let down = try await Self.waitForHealth(loom, timeout: .seconds(15)) { $0.status == 503 }
        #expect(down.status == 503 && down.body["status"] as? String == "unhealthy", "\(down.body)")
        #expect(Self.components(down.body) == ["database": "unhealthy", "queue": "healthy"])

        try await postgres.start()
        // The platform retries the refused delivery (same id) until it is stored; until the pool
        // has reconnected every answer is still a 503.
        let deadline = clock.now() + .seconds(20)
        var accepted: RawResponse?
        while clock.now() < deadline {
            let response = try Self.deliver(loom, pr: 2, delivery: "pg-during")
            if response.status == 202 {
                accepted = response
                break
            }
            Self.expectUnavailable(response)
            try await Task.sleep(for: .milliseconds(200))
        }
        let stored = try #require(accepted, "webhooks did not recover after PostgreSQL came back")
        let up = try await Self.waitForHealth(loom, timeout: .seconds(20)) { $0.status == 200 }
        #expect(up.body["status"] as? String == "healthy", "\(up.body)")
        #expect(Self.components(up.body) == ["database": "healthy", "queue": "healthy"])

        let jobID = try #require(Self.json(stored)["job_id"] as? String)
        #expect(try await loom.waitForFinalJob(jobID, timeout: .seconds(15))["status"] as? String == "completed")
        #expect(handler.runs(of: jobID) == 1)
        if let first = Self.json(before)["job_id"] as? String { #expect(handler.runs(of: first) == 1) }
        await loom.stop()
        redis.kill()
        await postgres.destroy()
    }

    @Test("Redis killed: /health unhealthy, webhooks still 202 and stored; back (with or without its data): health recovers and the job runs",
          arguments: [true, false])
    func redisOutage(keepsData: Bool) async throws {
        // Append-only: Redis comes back with its entries (the missing one is re-offered once stale);
        // without persistence it comes back empty (the queue is rebuilt from the store).
        let redis = try RedisServerProcess(appendOnly: keepsData)
        try await TestPostgres.withDatabase { databaseURL in
            let handler = RecordingHandler()
            let loom = try await TestLoom.start(workers: true, {
                $0.databaseURL = databaseURL
                $0.redisURL = redis.url
                $0.workers = 2
            }, jobHandler: handler, tuneScheduler: {
                // Product defaults are 10 s and 30 s; the same mechanism, sooner.
                $0.reconcileInterval = .milliseconds(250)
                $0.reconcileAfter = .seconds(2)
            })

            let before = try Self.deliver(loom, pr: 1, delivery: "redis-before")
            #expect(before.status == 202, "\(before.text)")
            let beforeID = try #require(Self.json(before)["job_id"] as? String)
            #expect(try await loom.waitForFinalJob(beforeID, timeout: .seconds(10))["status"] as? String == "completed")

            redis.kill()
            // SPEC §4: a 2xx means the job is durably stored. Here the store is up, so the
            // delivery is accepted although it cannot be queued yet, and answered promptly.
            let clock = SystemClock()
            let sent = clock.now()
            let during = try Self.deliver(loom, pr: 2, delivery: "redis-during")
            #expect(clock.now() - sent < .seconds(5), "the answer waited too long for Redis")
            #expect(during.status == 202, "\(during.text)")
            let duringID = try #require(Self.json(during)["job_id"] as? String)
            #expect(try loom.job(duringID)["status"] as? String == "queued")

            let down = try await Self.waitForHealth(loom, timeout: .seconds(15)) { $0.status == 503 }
            #expect(down.status == 503 && down.body["status"] as? String == "unhealthy", "\(down.body)")
            #expect(Self.components(down.body) == ["database": "healthy", "queue": "unhealthy"])
            #expect(handler.runs(of: duringID) == 0)
            #expect(try loom.job(duringID)["status"] as? String == "queued")

            try redis.start()
            let up = try await Self.waitForHealth(loom, timeout: .seconds(20)) { $0.status == 200 }
            #expect(up.body["status"] as? String == "healthy", "\(up.body)")
            #expect(Self.components(up.body) == ["database": "healthy", "queue": "healthy"])
            let ran = try await loom.waitForFinalJob(duringID, timeout: .seconds(20))
            #expect(ran["status"] as? String == "completed", "the job accepted during the outage did not run: \(ran)")
            #expect(handler.runs(of: duringID) == 1)

            let after = try Self.deliver(loom, pr: 3, delivery: "redis-after")
            #expect(after.status == 202, "\(after.text)")
            let afterID = try #require(Self.json(after)["job_id"] as? String)
            #expect(try await loom.waitForFinalJob(afterID, timeout: .seconds(10))["status"] as? String == "completed")
            #expect(handler.runs(of: beforeID) == 1 && handler.runs(of: afterID) == 1)
            await loom.stop()
        }
        redis.kill()
    }

    // MARK: Helpers

    static let template = String(decoding: (try? Fixtures.bytes("webhooks/github/pull_request.opened.json")) ?? [], as: UTF8.self)

    /// A signed GitHub `pull_request opened` for PR `pr` (its own head), read with a generous timeout.
    static func deliver(_ loom: TestLoom, pr: Int, delivery: String) throws -> RawResponse {
        let head = String(format: "%040x", pr)
        let body = Array(template.replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: head)
            .replacingOccurrences(of: "\"number\": 2,", with: "\"number\": \(pr),").utf8)
        let headers = [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", delivery)]
            + WebhookSigner.authenticationHeaders(.github, secret: TestLoom.secrets[.github]!, body: body)
        let client = try RawClient(loom.address)
        client.send(WebhookSigner.request(.github, body: body, headers: headers))
        return try #require(client.readResponse(timeout: 10_000), "no answer to delivery \(delivery)")
    }

    /// 503 with the JSON error body of SPEC §3/§4.
    static func expectUnavailable(_ response: RawResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let body = json(response)
        #expect(response.status == 503, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        #expect(body["success"] as? Bool == false && body["error"] as? String == "unavailable"
                && body["message"] is String, "\(response.text)", sourceLocation: sourceLocation)
    }

    static func health(_ loom: TestLoom) throws -> (status: Int, body: [String: Any]) {
        let response = try #require(try loom.send(Array("GET /health HTTP/1.1\r\nHost: loom.test\r\n\r\n".utf8)))
        return (response.status, json(response))
    }

    /// Polls /health every 100 ms until `condition` holds or `timeout` passes; returns the last answer.
    static func waitForHealth(_ loom: TestLoom, timeout: Duration,
                              _ condition: ((status: Int, body: [String: Any])) -> Bool) async throws -> (status: Int, body: [String: Any]) {
        let clock = SystemClock()
        let deadline = clock.now() + timeout
        var last = try health(loom)
        while !condition(last) && clock.now() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            last = try health(loom)
        }
        return last
    }

    static func components(_ body: [String: Any]) -> [String: String] {
        (body["components"] as? [String: Any])?.compactMapValues { $0 as? String } ?? [:]
    }

    static func json(_ response: RawResponse?) -> [String: Any] {
        guard let response, let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return [:] }
        return object
    }
}

/// Completes every job at once and counts the runs per job.
final class RecordingHandler: JobHandler {
    private let counts = Mutex<[String: Int]>([:])

    func run(_ job: Job, context: JobContext) async -> JobOutcome {
        counts.withLock { $0[job.id, default: 0] += 1 }
        return .completed
    }

    func runs(of id: String) -> Int { counts.withLock { $0[id] ?? 0 } }
}
