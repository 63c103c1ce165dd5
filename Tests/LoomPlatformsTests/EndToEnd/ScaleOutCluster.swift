// ScaleOutCluster: `loom serve --no-workers` and `loom worker` processes on one PostgreSQL and Redis, and webhook senders for them.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LoomCore
import LoomReactor
import LoomTestSupport
import Synchronization

/// One API process and several worker processes (each `loom worker --port`, so its /health says
/// when it consumes), sharing a database and a Redis, pointed at a fake GitHub. Every worker
/// sends its own model key (`sk-worker-<index>`), so the fake model can tell who asked.
final class ScaleOutCluster: @unchecked Sendable {
    static let secret = "scale-out-secret"
    static let adminToken = "scale-out-admin"

    struct Node {
        let process: LoomProcess
        let address: SocketAddress
        let apiKey: String
    }

    let api: Node
    let workers: [Node]
    /// The processes' working directory, removed by `terminate()`.
    let directory: String

    private init(api: Node, workers: [Node], directory: String) {
        self.api = api
        self.workers = workers
        self.directory = directory
    }

    /// Starts the API, waits until it is healthy (it migrates the database), then the workers.
    static func start(databaseURL: String, redisURL: String, github: FakeGitHub, workers count: Int, concurrency: Int,
                      leaseSeconds: Int) async throws -> ScaleOutCluster {
        let directory = makeTemporaryDirectory("loom-scale")
        let environment = [
            "DATABASE_URL": databaseURL, "REDIS_URL": redisURL, "HOST": "127.0.0.1", "LOOM_DATA_DIR": directory + "/data",
            "GITHUB_WEBHOOK_SECRET": secret, "GITHUB_API_TOKEN": github.token, "GITHUB_API_URL": github.baseURL,
            "WORKERS": String(concurrency), "LOOM_JOB_LEASE_SECONDS": String(leaseSeconds), "RATE_LIMIT_ENABLED": "false",
            "LOOM_ADMIN_TOKEN": adminToken, "LOG_LEVEL": "ERROR", "LOG_FORMAT": "text", "LOOM_SHUTDOWN_GRACE_SECONDS": "2",
        ]
        let apiPort = try FreePort.loopback()
        let api = Node(process: try LoomProcess(["serve", "--no-workers"], environment: environment.merging(["PORT": String(apiPort)]) { $1 },
                                                directory: directory),
                       address: try loopback(apiPort), apiKey: "")
        try await waitUntilHealthy(api)
        var workers: [Node] = []
        for index in 0..<count {
            let port = try FreePort.loopback()
            let key = "sk-worker-\(index)"
            let process = try LoomProcess(["worker", "--port", String(port)], environment: environment.merging(["OPENAI_API_KEY": key]) { $1 },
                                          directory: directory)
            workers.append(Node(process: process, address: try loopback(port), apiKey: key))
        }
        let cluster = ScaleOutCluster(api: api, workers: workers, directory: directory)
        do {
            for worker in workers { try await waitUntilHealthy(worker) }
        } catch {
            cluster.terminate()
            throw error
        }
        return cluster
    }

    /// SIGTERM to every process still running, then SIGKILL to any that has not exited after 10 s.
    /// Processes that already exited are not signalled (their pid may be reused); calling it twice is harmless.
    func terminate() {
        let nodes = ([api] + workers).filter { $0.process.waitForExit(timeout: 0) == nil }
        for node in nodes { node.process.signal(SIGTERM) }
        for node in nodes where node.process.waitForExit(timeout: 10) == nil {
            node.process.signal(SIGKILL)
            _ = node.process.waitForExit(timeout: 5)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The error output of every process, for failure messages.
    var diagnostics: String {
        let nodes = [("api", api)] + workers.enumerated().map { ("worker \($0.offset)", $0.element) }
        return nodes.map { "--- \($0.0):\n" + String($0.1.process.standardError.suffix(3000)) }.joined(separator: "\n")
    }

    /// Every job the admin API lists (at most 500, the API's limit), by id; nil when the API does not answer.
    func jobs() -> [String: [String: Any]]? {
        guard let response = Self.request(api.address, "GET", "/api/jobs?limit=500", token: Self.adminToken), response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let jobs = object["jobs"] as? [[String: Any]] else { return nil }
        return Dictionary(jobs.compactMap { job in (job["id"] as? String).map { ($0, job) } }) { first, _ in first }
    }

    /// Polls the job listing until every job in `ids` is final (or `timeout` passes); returns the last listing.
    func waitUntilFinal(_ ids: Set<String>, timeout: Duration) async throws -> [String: [String: Any]] {
        let final: Set<String> = ["completed", "skipped", "failed", "cancelled"]
        let deadline = ContinuousClock.now + timeout
        var listing: [String: [String: Any]] = [:]
        while ContinuousClock.now < deadline {
            listing = jobs() ?? listing
            if ids.allSatisfy({ final.contains(listing[$0]?["status"] as? String ?? "") }) { return listing }
            try await Task.sleep(for: .milliseconds(250))
        }
        return listing
    }

    /// One request on a new connection; nil when nothing answers within `timeout` milliseconds.
    static func request(_ address: SocketAddress, _ method: String, _ path: String, token: String? = nil,
                        timeout: Int32 = 5000) -> RawResponse? {
        guard let client = try? RawClient(address) else { return nil }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: loom.test\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        client.send(head + "\r\n")
        return client.readResponse(timeout: timeout)
    }

    /// Polls `/health` until it answers 200; throws with the process's output if it exits or 60 s pass.
    private static func waitUntilHealthy(_ node: Node) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if request(node.address, "GET", "/health", timeout: 2000)?.status == 200 { return }
            if let status = node.process.waitForExit(timeout: 0) {
                throw ClusterError("loom exited with \(status) at start: \(node.process.standardError.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError("loom on port \(node.address.port) not healthy after 60 s: \(node.process.standardError.suffix(3000))")
    }

    static func loopback(_ port: UInt16) throws -> SocketAddress {
        guard let address = SocketAddress(host: "127.0.0.1", port: port) else { throw ClusterError("bad port \(port)") }
        return address
    }

}

/// A cluster that could not be started.
struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Signed GitHub `pull_request` `opened` webhooks for PRs 1…total (one delivery id each), sent from
/// a few threads, each on its own keep-alive connection, never past the number `allow(upTo:)`
/// permits. Every answer is recorded with the phase (a counter the test advances) at which the
/// delivery was sent and answered.
final class WebhookSenders: Sendable {
    struct Answer: Sendable {
        var status: Int
        var jobID: String?
        var phaseSent: Int
        var phaseAnswered: Int
    }

    private struct State {
        var next = 1
        var allowed: Int
        var phase = 0
        var answers: [Int: Answer] = [:]
    }

    let total: Int
    private let state: Mutex<State>
    private let threads = Mutex<[LoopThread]>([])

    init(to address: SocketAddress, total: Int, senders: Int, allowed: Int? = nil) throws {
        self.total = total
        state = Mutex(State(allowed: allowed ?? total))
        let template = String(decoding: try Fixtures.bytes("webhooks/github/pull_request.opened.json"), as: UTF8.self)
        let started = try (0..<senders).map { index in
            try LoopThread(name: "webhooks-\(index)") { [self] in send(to: address, template: template) }
        }
        threads.withLock { $0 = started }
    }

    /// The head commit of PR `number`.
    static func head(_ number: Int) -> String { "5ca1e" + String(format: "%035x", number) }

    func allow(upTo count: Int) { state.withLock { $0.allowed = max($0.allowed, count) } }

    func advancePhase() { state.withLock { $0.phase += 1 } }

    var answers: [Int: Answer] { state.withLock { $0.answers } }

    var answered: Int { state.withLock { $0.answers.count } }

    /// Waits for the sender threads, which end once every delivery was answered (or failed).
    func join() {
        for thread in threads.withLock({ $0 }) { thread.join() }
    }

    private func send(to address: SocketAddress, template: String) {
        var client: RawClient?
        while true {
            let taken: (number: Int, phase: Int)?? = state.withLock { state in
                guard state.next <= total else { return .some(nil) }
                guard state.next <= state.allowed else { return nil }
                defer { state.next += 1 }
                return (state.next, state.phase)
            }
            guard let taken else {
                usleep(2000)
                continue
            }
            guard let next = taken else { return }
            let (number, phaseSent) = next
            let body = Array(template.replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: Self.head(number))
                .replacingOccurrences(of: "\"number\": 2,", with: "\"number\": \(number),").utf8)
            let headers = [("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", "scale-out-\(number)-\(UUID().uuidString)")]
                + WebhookSigner.authenticationHeaders(.github, secret: ScaleOutCluster.secret, body: body)
            if client == nil { client = try? RawClient(address) }
            client?.send(WebhookSigner.request(.github, body: body, headers: headers))
            let response = client?.readResponse(timeout: 15_000)
            if response == nil || response?.header("Connection")?.lowercased() == "close" { client = nil }
            state.withLock { state in
                state.answers[number] = Answer(status: response?.status ?? 0, jobID: EndToEnd.jobID(response),
                                               phaseSent: phaseSent, phaseAnswered: state.phase)
            }
        }
    }
}
