// FakeServer: a real Loom HTTPServer on loopback that routes, authenticates and records for a fake platform.

import LoomCore
import LoomHTTP
import LoomReactor
import Logging
import Synchronization

/// The machinery every fake platform shares. Routes are `/a/{param}/b/{*rest}` patterns matched
/// on the raw path (so `%2F` inside a segment stays one segment, as on the real servers), tried
/// in the order added. Every request is recorded before the credential check.
final class FakeServer: @unchecked Sendable {
    typealias Handler = @Sendable (FakeCall) -> HTTPResponse

    private enum Segment {
        case literal(String)
        case parameter(String)
        /// The rest of the path, one or more segments.
        case rest(String)
    }

    private struct Route {
        let method: String
        let segments: [Segment]
        let handler: Handler
    }

    /// The path under the server root where the API lives: `/api/v4`, `/2.0`, or "".
    let prefix: String
    private let routes = Mutex<[Route]>([])
    private let log = Mutex<[RecordedRequest]>([])
    private let origin = Mutex<String>("")
    private let failures = Mutex<[HTTPResponse]>([])
    /// Answers a request without valid credentials, or nil to let it through.
    private let authenticate: @Sendable (HTTPRequest) -> HTTPResponse?
    /// The platform's 404 for an unknown path.
    private let notFound: @Sendable () -> HTTPResponse
    private var group: EventLoopGroup?
    private var server: HTTPServer?

    init(prefix: String, authenticate: @escaping @Sendable (HTTPRequest) -> HTTPResponse?,
         notFound: @escaping @Sendable () -> HTTPResponse) {
        self.prefix = prefix
        self.authenticate = authenticate
        self.notFound = notFound
    }

    /// `http://127.0.0.1:<port>` once started.
    var rootURL: String { origin.withLock { $0 } }
    /// The API base URL a client is configured with.
    var baseURL: String { rootURL + prefix }
    /// Every request received so far, in arrival order.
    var requests: [RecordedRequest] { log.withLock { $0 } }

    func clearRequests() { log.withLock { $0.removeAll() } }

    /// Answers the next `count` requests with `status` (an outage, a rate limit) before routing.
    func failNext(_ count: Int = 1, status: Int, headers: [(name: String, value: String)] = []) {
        let response = FakeResponse.json(status, ["message": .string("simulated \(status)")], headers: headers)
        failures.withLock { $0 += Array(repeating: response, count: count) }
    }

    /// Adds a route; `pattern` is relative to `prefix`.
    func on(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        let segments = (prefix + pattern).split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part -> Segment in
            if part.hasPrefix("{*") { return .rest(String(part.dropFirst(2).dropLast())) }
            if part.hasPrefix("{") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routes.withLock { $0.append(Route(method: method, segments: segments, handler: handler)) }
    }

    func start() async throws {
        var router = Router()
        // Loom's router has no wildcard; one catch-all per depth hands everything to `handle`.
        for depth in 1...24 {
            let pattern = (1...depth).map { "/{s\($0)}" }.joined()
            for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
                router.add(method, pattern, .sync { [weak self] request, _ in
                    self?.handle(request) ?? HTTPResponse(status: .serviceUnavailable)
                })
            }
        }
        let group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "fake-platform")
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), group: group, router: router,
                                logger: Logger(label: "fake-platform"))
        let address = try await server.start()
        self.group = group
        self.server = server
        origin.withLock { $0 = "http://127.0.0.1:\(address.port)" }
    }

    func stop() async {
        await server?.shutdown(grace: .seconds(1))
        group?.shutdown()
    }

    private func handle(_ request: HTTPRequest) -> HTTPResponse {
        log.withLock { $0.append(RecordedRequest(request: request)) }
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return failure }
        if let refusal = authenticate(request) { return refusal }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let candidates = routes.withLock { $0 }
        for route in candidates where route.method == request.method.rawValue {
            if let parameters = Self.match(route.segments, parts) {
                return route.handler(FakeCall(request: request, parameters: parameters, baseURL: baseURL))
            }
        }
        return notFound()
    }

    private static func match(_ segments: [Segment], _ parts: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
                index += 1
            case .parameter(let name):
                guard index < parts.count, !parts[index].isEmpty, let value = percentDecoded(parts[index]) else { return nil }
                parameters[name] = value
                index += 1
            case .rest(let name):
                guard index < parts.count else { return nil }
                let rest = parts[index...].compactMap(percentDecoded)
                parameters[name] = rest.joined(separator: "/")
                index = parts.count
            }
        }
        return index == parts.count ? parameters : nil
    }

    /// `%XX` escapes decoded (`+` stays a plus in paths); nil for malformed input.
    static func percentDecoded(_ text: String) -> String? { PercentDecoding.decode(text) }
}
