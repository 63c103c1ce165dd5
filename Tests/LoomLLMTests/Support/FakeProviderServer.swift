// FakeProviderServer: a real local HTTPServer answering like OpenAI or Anthropic, scripted per test.

import LoomCore
import LoomHTTP
import LoomReactor
import Logging
import Synchronization

/// One canned answer: status, headers, body, and how long to stall before answering.
struct CannedResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: String
    var delay: Duration = .zero

    static func json(_ status: Int = 200, _ body: String, headers: [(name: String, value: String)] = [],
                     delay: Duration = .zero) -> CannedResponse {
        CannedResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: body, delay: delay)
    }
}

/// What the server saw of one request.
struct ReceivedRequest: Sendable {
    var path: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var json: JSONValue { try! JSONDocument(bytes: body).root }
}

/// The script and the log, shared between the test and the route handler.
final class ProviderScript: Sendable {
    private let state: Mutex<(script: [CannedResponse], received: [ReceivedRequest])>

    init(_ script: [CannedResponse]) { state = Mutex((script, [])) }

    var received: [ReceivedRequest] { state.withLock { $0.received } }

    /// Records `request` and takes the next canned response (the last one repeats).
    func answer(_ request: HTTPRequest) -> CannedResponse {
        state.withLock { state in
            state.received.append(ReceivedRequest(path: request.path, headers: Array(request.headers), body: request.body))
            return state.script.count > 1 ? state.script.removeFirst() : state.script[0]
        }
    }
}

/// Serves `POST /v1/chat/completions` and `POST /v1/messages` on 127.0.0.1, answering each request
/// with the next canned response and recording what it received.
final class FakeProviderServer: Sendable {
    private let group: EventLoopGroup
    private let server: HTTPServer
    private let script: ProviderScript
    let address: SocketAddress

    /// `http://127.0.0.1:<port>/v1`, as a `base_url` would be written.
    var baseURL: String { "http://\(address)/v1" }

    var received: [ReceivedRequest] { script.received }

    init(_ responses: [CannedResponse]) async throws {
        let script = ProviderScript(responses)
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        var router = Router()
        let handler: @Sendable (HTTPRequest, RequestContext) async -> HTTPResponse = { request, _ in
            let next = script.answer(request)
            if next.delay > .zero { try? await Task.sleep(for: next.delay) }
            return HTTPResponse(status: HTTPStatus(code: next.status), headers: next.headers, body: Array(next.body.utf8))
        }
        router.on(.post, "/v1/chat/completions", handler)
        router.on(.post, "/v1/messages", handler)
        let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        let server = HTTPServer(configuration: configuration, group: group, router: router, logger: Logger(label: "fake-provider"))
        self.address = try await server.start()
        self.group = group
        self.server = server
        self.script = script
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }
}
