// PlatformTestClient: the real curl HTTP client for adapter tests, wrapped to record what it sent.

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomReactor
import Synchronization

/// A `CurlHTTPClient` on its own loop, recording every request the adapter makes (URL and
/// headers as sent), so tests can check where credentials went.
final class PlatformTestClient: HTTPClient, Sendable {
    let group: EventLoopGroup
    let curl: CurlHTTPClient
    private let log = Mutex<[HTTPClientRequest]>([])

    init() throws {
        group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "test-curl")
        curl = CurlHTTPClient(loop: group.loops[0])
    }

    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        log.withLock { $0.append(request) }
        return try await curl.send(request)
    }

    /// Every request sent so far.
    var sent: [HTTPClientRequest] { log.withLock { $0 } }

    func stop() async {
        await curl.shutdown()
        group.shutdown()
    }
}

extension HTTPClientRequest {
    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Starts `fake` and a client, runs `body`, and stops both even when it throws.
func withFake<Fake: FakePlatform>(_ fake: Fake, _ body: (Fake, any PlatformClient, PlatformTestClient) async throws -> Void) async throws {
    try await fake.start()
    let http = try PlatformTestClient()
    do {
        try await body(fake, fake.client(http: http), http)
    } catch {
        await http.stop()
        await fake.stop()
        throw error
    }
    await http.stop()
    await fake.stop()
}
