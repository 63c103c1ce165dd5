// FakeModelServer: a local OpenAI-compatible /v1/chat/completions that answers from a script.

import Foundation
import LoomCore
import LoomHTTP
import LoomReactor
import Logging
import Synchronization

/// Speaks the OpenAI chat completions shape: records each request body and answers with the
/// next scripted reply (status + assistant text), repeating the last one when the script runs out.
/// A reply's optional `delay` holds the answer back (a slow model), without blocking other requests.
final class FakeModelServer: Sendable {
    struct Reply: Sendable {
        var status: Int = 200
        var content: String = "[]"
        var headers: [(String, String)] = []
        var delay: Duration = .zero
    }

    /// One request as received: its `Authorization` header, body, and whether it was answered yet.
    struct Call: Sendable {
        var authorization: String
        var body: [UInt8]
        var answered = false
    }

    private let group: EventLoopGroup
    private let server: HTTPServer
    private let state = Mutex<(script: [Reply], calls: [Call])>(([], []))
    let address: SocketAddress

    var baseURL: String { "http://127.0.0.1:\(address.port)/v1" }

    /// Every request so far, in arrival order.
    var calls: [Call] { state.withLock { $0.calls } }

    /// The JSON bodies received, in order.
    var requests: [[String: Any]] {
        calls.map { (try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any]) ?? [:] }
    }

    /// The user messages of every request.
    var prompts: [String] {
        requests.compactMap { ($0["messages"] as? [[String: Any]])?.last?["content"] as? String }
    }

    func script(_ replies: [Reply]) { state.withLock { $0.script = replies } }

    static func start(_ replies: [Reply] = []) async throws -> FakeModelServer {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        let holder = Holder()
        var router = Router()
        router.on(.post, "/v1/chat/completions") { request, _ in await holder.server?.answer(request) ?? HTTPResponse(status: .internalServerError) }
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), group: group, router: router,
                                logger: Logger(label: "fake-model"))
        let address = try await server.start()
        let fake = FakeModelServer(group: group, server: server, address: address)
        fake.script(replies)
        holder.server = fake
        return fake
    }

    private init(group: EventLoopGroup, server: HTTPServer, address: SocketAddress) {
        self.group = group
        self.server = server
        self.address = address
    }

    func stop() async {
        await server.shutdown(grace: .seconds(1))
        group.shutdown()
    }

    private func answer(_ request: HTTPRequest) async -> HTTPResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
        let (reply, index): (Reply, Int) = state.withLock { state in
            state.calls.append(Call(authorization: request.headers["Authorization"] ?? "", body: request.body))
            return (state.script.count > 1 ? state.script.removeFirst() : state.script.first ?? Reply(), state.calls.count - 1)
        }
        if reply.delay > .zero { try? await Task.sleep(for: reply.delay) }
        state.withLock { $0.calls[index].answered = true }
        guard reply.status == 200 else {
            let error = #"{"error":{"message":"scripted failure","type":"server_error","code":null}}"#
            return HTTPResponse(status: HTTPStatus(code: reply.status), headers: [("Content-Type", "application/json")] + reply.headers,
                                body: Array(error.utf8))
        }
        let response: [String: Any] = [
            "id": "chatcmpl-test", "object": "chat.completion", "created": 1_767_225_600, "model": body["model"] as? String ?? "test",
            "choices": [["index": 0, "message": ["role": "assistant", "content": reply.content], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": 1200, "completion_tokens": 80, "total_tokens": 1280],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: response)) ?? Data()
        return .json(.ok, [UInt8](data))
    }

    private final class Holder: @unchecked Sendable {
        var server: FakeModelServer?
    }
}
