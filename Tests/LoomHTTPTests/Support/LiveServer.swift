// LiveServer: a real HTTPServer on a loopback port with test routes, and a raw socket client.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomHTTP
import LoomReactor
import Logging
@_exported import LoomTestSupport

/// A server on 127.0.0.1 with routes that exercise the connection code.
final class LiveServer {
    let group: EventLoopGroup
    let server: HTTPServer
    let address: SocketAddress

    static func start(loops: Int = 2, trustedProxies: [CIDRBlock] = [CIDRBlock("127.0.0.1/8")!],
                      configure: (inout HTTPConnectionStateMachine.Configuration) -> Void = { _ in }) async throws -> LiveServer {
        var connection = HTTPConnectionStateMachine.Configuration()
        connection.limits.maxBodyBytes = 1024 * 1024
        configure(&connection)
        let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, connection: connection, trustedProxies: trustedProxies)
        let group = try EventLoopGroup(loopCount: loops)
        try group.start()
        let server = HTTPServer(configuration: configuration, group: group, router: routes(), logger: Logger(label: "test"))
        let address = try await server.start()
        return LiveServer(group: group, server: server, address: address)
    }

    private init(group: EventLoopGroup, server: HTTPServer, address: SocketAddress) {
        self.group = group
        self.server = server
        self.address = address
    }

    func stop(grace: Duration = .seconds(2)) async {
        await server.shutdown(grace: grace)
        group.shutdown()
    }

    static func routes() -> Router {
        var router = Router()
        router.get("/hello") { _, _ in HTTPResponse(status: .ok, body: Array("hello".utf8)) }
        router.get("/big") { request, _ in
            let size = Int(request.queryParameter("size") ?? "") ?? 100_000
            return HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(ascii: "x"), count: size))
        }
        router.on(.post, "/echo") { request, _ in
            HTTPResponse(status: .ok, headers: [("X-Trailer-Count", String(request.trailers.count))], body: request.body)
        }
        router.on(.get, "/slow/{milliseconds}") { _, context in
            let milliseconds = Int(context.pathParameters["milliseconds"] ?? "") ?? 100
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return HTTPResponse(status: .ok, body: Array("slept \(milliseconds)".utf8))
        }
        router.get("/client") { request, context in
            HTTPResponse(status: .ok, body: Array("\(context.clientAddress(for: request)) \(context.scheme(for: request))".utf8))
        }
        return router
    }
}
