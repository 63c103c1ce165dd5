// TestServer: a real Loom HTTPServer on a loopback port with the routes the client tests talk to.

import LoomCore
import LoomHTTP
import LoomHTTPClient
import LoomReactor
import Logging
import Synchronization
@_exported import LoomTestSupport

/// What the server saw, shared between its loop threads and the test.
final class ServerRecord: Sendable {
    private let hits = Mutex<[String: Int]>([:])
    private let ports = Mutex<[UInt16]>([])

    /// Counts one request under `key` and returns the new count.
    func hit(_ key: String) -> Int { hits.withLock { $0[key, default: 0] += 1; return $0[key]! } }
    func hits(_ key: String) -> Int { hits.withLock { $0[key] ?? 0 } }
    func recordPeer(_ port: UInt16) { ports.withLock { $0.append(port) } }
    /// Client ports of `/peer` requests, in arrival order: one port means one reused connection.
    var peerPorts: [UInt16] { ports.withLock { $0 } }
}

/// A server on 127.0.0.1 with test routes.
final class TestServer: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    let address: SocketAddress
    let record: ServerRecord

    var baseURL: String { "http://127.0.0.1:\(address.port)" }
    func url(_ path: String) -> String { baseURL + path }

    static func start() async throws -> TestServer {
        let record = ServerRecord()
        let group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "test-server")
        let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        let server = HTTPServer(configuration: configuration, group: group, router: routes(record), logger: Logger(label: "test"))
        let address = try await server.start()
        return TestServer(group: group, server: server, address: address, record: record)
    }

    private init(group: EventLoopGroup, server: HTTPServer, address: SocketAddress, record: ServerRecord) {
        self.group = group
        self.server = server
        self.address = address
        self.record = record
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }

    /// `size` bytes of a pattern that would reveal a dropped, repeated or reordered chunk.
    /// Built a block at a time: per-byte generation takes seconds in a debug build.
    static func pattern(_ size: Int) -> [UInt8] {
        let block = (0..<251).map { UInt8($0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while bytes.count < size { bytes.append(contentsOf: block.prefix(size - bytes.count)) }
        return bytes
    }

    /// gzip of "hello, compressed world! " × 4, made by Python's gzip module.
    static let gzipBody: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 203, 72, 205, 201, 201, 215, 81, 72, 206, 207, 45, 40, 74, 45, 46, 78, 77, 81, 40,
        207, 47, 202, 73, 81, 84, 200, 160, 158, 4, 0, 203, 42, 203, 41, 100, 0, 0, 0,
    ]

    private static func routes(_ record: ServerRecord) -> Router {
        var router = Router()
        router.get("/hello") { _, _ in HTTPResponse(status: .ok, body: Array("hello".utf8)) }
        for method in [HTTPMethod.post, .put, .patch, .delete] {
            router.on(method, "/echo") { request, _ in
                HTTPResponse(status: .ok, headers: [
                    ("X-Method", request.method.rawValue),
                    ("X-Content-Type", request.headers["Content-Type"] ?? "none"),
                    ("X-Content-Length", request.headers["Content-Length"] ?? "none"),
                ], body: request.body)
            }
        }
        router.get("/headers") { request, _ in
            let lines = request.headers.map { "\($0.name.lowercased()): \($0.value)" }.joined(separator: "\n")
            return HTTPResponse(status: .ok, headers: [("X-Reply", "one"), ("X-Multi", "a"), ("X-Multi", "b")], body: Array(lines.utf8))
        }
        router.get("/big") { request, _ in
            HTTPResponse(status: .ok, body: pattern(Int(request.queryParameter("size") ?? "") ?? 1000))
        }
        router.get("/peer") { _, context in
            let port = context.peer?.port ?? 0
            record.recordPeer(port)
            return HTTPResponse(status: .ok, body: Array(String(port).utf8))
        }
        router.on(.get, "/slow/{milliseconds}") { _, context in
            let milliseconds = Int(context.pathParameters["milliseconds"] ?? "") ?? 100
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return HTTPResponse(status: .ok, body: Array("slept \(milliseconds)".utf8))
        }
        router.get("/redirect") { request, _ in
            let status = Int(request.queryParameter("status") ?? "") ?? 302
            return HTTPResponse(status: HTTPStatus(code: status), headers: [("Location", request.queryParameter("to") ?? "/hello")])
        }
        router.get("/loop") { _, _ in HTTPResponse(status: HTTPStatus(code: 302), headers: [("Location", "/loop")]) }
        router.on(.post, "/see-other") { _, _ in HTTPResponse(status: HTTPStatus(code: 303), headers: [("Location", "/method")]) }
        router.get("/method") { request, _ in HTTPResponse(status: .ok, body: Array(request.method.rawValue.utf8)) }
        router.get("/gzip") { _, _ in
            HTTPResponse(status: .ok, headers: [("Content-Encoding", "gzip"), ("Content-Type", "text/plain")], body: gzipBody)
        }
        // The first `failures` requests for `key` get `status` (with `retryAfter`, if given), then 200.
        router.get("/flaky/{key}") { request, context in
            let key = context.pathParameters["key"] ?? ""
            let count = record.hit(key)
            let failures = Int(request.queryParameter("failures") ?? "") ?? 1
            guard count > failures else {
                let status = Int(request.queryParameter("status") ?? "") ?? 503
                let headers = request.queryParameter("retryAfter").map { [("Retry-After", $0)] } ?? []
                return HTTPResponse(status: HTTPStatus(code: status), headers: headers, body: Array("failure \(count)".utf8))
            }
            return HTTPResponse(status: .ok, body: Array("ok after \(count - 1) failures".utf8))
        }
        return router
    }
}

/// A started one-loop group with a client on it.
final class ClientFixture: Sendable {
    let group: EventLoopGroup
    let client: CurlHTTPClient

    init(configuration: CurlHTTPClientConfiguration = CurlHTTPClientConfiguration()) throws {
        group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "test-curl")
        client = CurlHTTPClient(loop: group.loops[0], configuration: configuration)
    }

    func stop() async {
        await client.shutdown()
        group.shutdown()
    }
}

/// Runs `body` with a fresh server and client, stopping both afterwards even when it throws.
func withServerAndClient(configuration: CurlHTTPClientConfiguration = CurlHTTPClientConfiguration(),
                         _ body: (TestServer, CurlHTTPClient) async throws -> Void) async throws {
    let server = try await TestServer.start()
    let fixture = try ClientFixture(configuration: configuration)
    do {
        try await body(server, fixture.client)
    } catch {
        await fixture.stop()
        await server.stop()
        throw error
    }
    await fixture.stop()
    await server.stop()
}
