// CrashSafetyTests: kill -9 the server during a burst of webhooks; every 202 survives as a job.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LoomCore
import LoomReactor
import LoomTestSupport
import Synchronization
import Testing

@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("every delivery answered 202 before a kill -9 is a job after restart")
    func killDuringBurst() async throws {
        let directory = makeTemporaryDirectory("loom-crash")
        let environment = ["PORT": "0", "HOST": "127.0.0.1", "LOOM_DATA_DIR": directory + "/data", "LOG_LEVEL": "INFO",
                           "GITHUB_WEBHOOK_SECRET": "crash-secret", "RATE_LIMIT_ENABLED": "false", "WORKERS": "1"]
        let loom = try LoomProcess(["serve", "--no-workers"], environment: environment, directory: directory)
        let address = try #require(loom.waitForListeningAddress())
        let template = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
        let accepted = Mutex<[String]>([])
        let stop = Atomic<Bool>(false)

        // Four senders, each on its own keep-alive connection, as fast as the server answers.
        let senders = try (0..<4).map { sender in
            try LoopThread(name: "sender-\(sender)") {
                guard let client = try? RawClient(address) else { return }
                var index = 0
                while !stop.load(ordering: .relaxed) {
                    index += 1
                    let head = String(format: "%040x", sender * 1_000_000 + index)
                    let body = Array(template.replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: head)
                        .replacingOccurrences(of: "\"number\": 2,", with: "\"number\": \(sender * 1_000_000 + index),").utf8)
                    let headers = [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", "crash-\(sender)-\(index)")]
                        + WebhookSigner.authenticationHeaders(.github, secret: "crash-secret", body: body)
                    client.send(WebhookSigner.request(.github, body: body, headers: headers))
                    guard let response = client.readResponse(timeout: 2000) else { return }
                    if response.status == 202, let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                       let id = object["job_id"] as? String {
                        accepted.withLock { $0.append(id) }
                    }
                }
            }
        }
        // Let the burst run, then kill the server without warning in the middle of it.
        while accepted.withLock({ $0.count }) < 300 { try await Task.sleep(for: .milliseconds(5)) }
        loom.signal(SIGKILL)
        _ = loom.waitForExit()
        stop.store(true, ordering: .relaxed)
        senders.forEach { $0.join() }
        let acknowledged = accepted.withLock { $0 }
        #expect(acknowledged.count >= 300)

        // Restart on the same data directory and look every acknowledged job up.
        let restarted = try LoomProcess(["serve", "--no-workers"], environment: environment.merging(["LOOM_ADMIN_TOKEN": "t"]) { $1 },
                                        directory: directory)
        let again = try #require(restarted.waitForListeningAddress())
        var listing = ""
        let client = try RawClient(again)
        client.send("GET /api/jobs?limit=500&status=queued HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
        listing = client.readResponse()?.text ?? ""
        var missing: [String] = []
        for id in acknowledged where !listing.contains(id) {
            client.send("GET /api/jobs/\(id) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
            if client.readResponse()?.status != 200 { missing.append(id) }
        }
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged jobs were lost")
        restarted.signal(SIGTERM)
        #expect(restarted.waitForExit() == 0)
    }
}
