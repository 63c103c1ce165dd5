// TestLoom: a LoomApplication in-process on a loopback port with every platform's secret configured.

import LoomCore
import LoomReactor
import LoomServer
import LoomTestSupport
import Logging

/// A running Loom for end-to-end tests, with a fresh data directory.
final class TestLoom {
    static let secrets: [Platform: String] = [
        .github: "gh-secret", .gitlab: "gl-secret", .gitea: "gt-secret", .bitbucket: "bb-secret", .azureDevOps: "az-secret",
    ]

    let application: LoomApplication
    let address: SocketAddress
    let dataDirectory: String

    static func start(workers: Bool = false, _ configure: (inout Settings) -> Void = { _ in }) async throws -> TestLoom {
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
        let application = try await LoomApplication.make(settings: settings, logger: logger, workersEnabled: workers)
        let address = try await application.start()
        return TestLoom(application: application, address: address, dataDirectory: settings.dataDirectory)
    }

    private init(application: LoomApplication, address: SocketAddress, dataDirectory: String) {
        self.application = application
        self.address = address
        self.dataDirectory = dataDirectory
    }

    func stop() async {
        await application.shutdown()
    }

    /// Sends raw request bytes on a new connection and reads the response.
    func send(_ bytes: [UInt8]) throws -> RawResponse? {
        let client = try RawClient(address)
        client.send(bytes)
        return client.readResponse()
    }

    /// Posts `body` to `/webhooks/{platform}`, signed with the platform's secret unless `sign` is false.
    func deliver(_ platform: Platform, body: [UInt8], headers: [(String, String)], sign: Bool = true,
                 contentType: String = "application/json") throws -> RawResponse? {
        let authentication = sign ? WebhookSigner.authenticationHeaders(platform, secret: Self.secrets[platform]!, body: body) : []
        return try send(WebhookSigner.request(platform, body: body, headers: headers + authentication, contentType: contentType))
    }

    /// `GET path` with the admin token.
    func admin(_ path: String, method: String = "GET", token: String? = "admin-token") throws -> RawResponse? {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: loom.test\r\nContent-Length: 0\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        return try send(Array((head + "\r\n").utf8))
    }
}
