// TestLoom: a LoomApplication in-process on a loopback port with every platform's webhook secret configured.

public import LoomCore
public import LoomQueue
public import LoomReactor
public import LoomServer
import Logging
import Foundation

/// A running Loom for end-to-end tests, with a fresh data directory.
public final class TestLoom {
    public static let secrets: [Platform: String] = [
        .github: "gh-secret", .gitlab: "gl-secret", .gitea: "gt-secret", .bitbucket: "bb-secret", .azureDevOps: "az-secret",
    ]

    public let application: LoomApplication
    public let address: SocketAddress
    public let dataDirectory: String

    /// Starts Loom with `configure`'s settings; with `workers`, in-process workers run jobs through
    /// `jobHandler` (default: the review runner) on a scheduler `tuneScheduler` may adjust.
    public static func start(workers: Bool = false, _ configure: (inout Settings) -> Void = { _ in },
                             jobHandler: (any JobHandler)? = nil,
                             tuneScheduler: (inout SchedulerConfiguration) -> Void = { _ in }) async throws -> TestLoom {
        var settings = Settings()
        settings.host = "127.0.0.1"
        settings.port = 0
        settings.dataDirectory = makeTemporaryDirectory("loom-app")
        settings.eventLoops = 2
        settings.github.webhookSecret = secrets[.github]
        settings.gitlab.webhookSecret = secrets[.gitlab]
        settings.gitea.webhookSecret = secrets[.gitea]
        settings.gitea.baseURL = "http://127.0.0.1:1/api/v1"
        settings.bitbucket.webhookSecret = secrets[.bitbucket]
        settings.azureDevOps.webhookSecret = secrets[.azureDevOps]
        settings.adminToken = "admin-token"
        settings.shutdownGraceSeconds = 2
        configure(&settings)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let application = try await LoomApplication.make(settings: settings, logger: logger, workersEnabled: workers,
                                                         jobHandler: jobHandler, tuneScheduler: tuneScheduler)
        guard let address = try await application.start() else { fatalError("a full HTTP surface always listens") }
        return TestLoom(application: application, address: address, dataDirectory: settings.dataDirectory)
    }

    private init(application: LoomApplication, address: SocketAddress, dataDirectory: String) {
        self.application = application
        self.address = address
        self.dataDirectory = dataDirectory
    }

    public func stop() async {
        await application.shutdown()
    }

    /// Sends raw request bytes on a new connection and reads the response.
    public func send(_ bytes: [UInt8]) throws -> RawResponse? {
        let client = try RawClient(address)
        client.send(bytes)
        return client.readResponse()
    }

    /// Posts `body` to `/webhooks/{platform}`, signed with the platform's secret unless `sign` is false.
    public func deliver(_ platform: Platform, body: [UInt8], headers: [(String, String)], sign: Bool = true,
                 contentType: String = "application/json") throws -> RawResponse? {
        let authentication = sign ? WebhookSigner.authenticationHeaders(platform, secret: Self.secrets[platform]!, body: body) : []
        return try send(WebhookSigner.request(platform, body: body, headers: headers + authentication, contentType: contentType))
    }

    /// `GET path` with the admin token.
    public func admin(_ path: String, method: String = "GET", token: String? = "admin-token") throws -> RawResponse? {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: loom.test\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        return try send(Array((head + "\r\n").utf8))
    }
}

extension TestLoom {
    /// The job as `GET /api/jobs/{id}` shows it.
    public func job(_ id: String) throws -> [String: Any] {
        guard let response = try admin("/api/jobs/\(id)"),
              let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return [:] }
        return object
    }

    /// Waits until the job reaches a final status (or `timeout` passes) and returns it.
    public func waitForFinalJob(_ id: String, timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        let clock = SystemClock()
        let deadline = clock.now() + timeout
        while clock.now() < deadline {
            let job = try job(id)
            if let status = job["status"] as? String, ["completed", "skipped", "failed", "cancelled"].contains(status) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try job(id)
    }
}
