// BenchGitHub: a local GitHub REST API and OpenAI-compatible model that answer at once, for `loom-bench review`.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomHTTP
import LoomReactor
import Logging
import Synchronization

/// Serves one repository's PRs in GitHub's shapes (PR JSON, diff, contents, reviews, comments)
/// plus `/v1/chat/completions`, from memory, so a review's cost is Loom's own.
final class BenchGitHub: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    let address: SocketAddress
    private let state: StateBox

    /// The fake's memory, shared with its route handlers.
    final class StateBox: Sendable {
        let mutex = Mutex(State())
        func withLock<Value>(_ body: (inout State) -> Value) -> Value { mutex.withLock { body(&$0) } }
    }

    struct State {
        var heads: [Int: String] = [:]
        var nextID = 1000
        var reviewComments: [Int: Int] = [:]
        var port: UInt16 = 0
    }

    var baseURL: String { "http://127.0.0.1:\(address.port)" }

    static let base = "b" + String(repeating: "0", count: 39)

    /// `config` gets the server's own base URL, so the repository config can point its model here.
    static func start(diff: String, config: @escaping @Sendable (String) -> String, prompt: String, reply: String) async throws -> BenchGitHub {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "bench-gh")
        let state = StateBox()
        var router = Router()
        let repo = "/repos/bench/app"
        router.get(repo + "/pulls/{number}") { request, context in
            let number = Int(context.pathParameters["number"] ?? "") ?? 0
            if request.headers["Accept"]?.contains("diff") == true { return HTTPResponse(status: .ok, body: Array(diff.utf8)) }
            let head = state.withLock { $0.heads[number] } ?? String(repeating: "1", count: 40)
            let json = #"{"number":\#(number),"title":"Bench change","body":"A change.","state":"open","draft":false,"merged":false,"# +
                #""user":{"login":"bench"},"head":{"ref":"feature","sha":"\#(head)"},"base":{"ref":"main","sha":"\#(base)"}}"#
            return .json(.ok, Array(json.utf8))
        }
        router.get(repo + "/contents/.loom/config.yaml") { _, _ in
            HTTPResponse(status: .ok, body: Array(config("http://127.0.0.1:\(state.withLock { $0.port })").utf8))
        }
        router.get(repo + "/contents/.loom/prompts/{file}") { _, _ in HTTPResponse(status: .ok, body: Array(prompt.utf8)) }
        router.get(repo + "/issues/{number}/comments") { _, _ in .json(.ok, Array("[]".utf8)) }
        router.get(repo + "/pulls/{number}/comments") { _, _ in .json(.ok, Array("[]".utf8)) }
        router.add(.post, repo + "/issues/{number}/comments", .sync { _, _ in
            let id = state.withLock { $0.nextID += 1; return $0.nextID }
            return .json(.created, Array(#"{"id":\#(id),"body":"summary"}"#.utf8))
        })
        router.add(.post, repo + "/pulls/{number}/reviews", .sync { request, _ in
            // Count the comments so the listing below returns one id per posted comment.
            let count = request.body.split(separator: UInt8(ascii: "{")).count - 2
            let id = state.withLock { state -> Int in
                state.nextID += 1
                state.reviewComments[state.nextID] = max(count, 0)
                return state.nextID
            }
            return .json(.ok, Array(#"{"id":\#(id),"state":"COMMENTED"}"#.utf8))
        })
        router.get(repo + "/pulls/{number}/reviews/{review}/comments") { _, context in
            let review = Int(context.pathParameters["review"] ?? "") ?? 0
            let count = state.withLock { $0.reviewComments[review] } ?? 0
            let items = (0..<count).map { #"{"id":\#(review * 1000 + $0),"body":"x","path":"p","line":1}"# }.joined(separator: ",")
            return .json(.ok, Array("[\(items)]".utf8))
        }
        router.add(.post, "/v1/chat/completions", .sync { _, _ in
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("id", "bench")
            writer.field("model", "bench-model")
            writer.beginArray("choices")
            writer.beginObject()
            writer.field("index", 0)
            writer.beginObject("message")
            writer.field("role", "assistant")
            writer.field("content", reply)
            writer.endObject()
            writer.field("finish_reason", "stop")
            writer.endObject()
            writer.endArray()
            writer.beginObject("usage")
            writer.field("prompt_tokens", 3000)
            writer.field("completion_tokens", 200)
            writer.endObject()
            writer.endObject()
            return .json(.ok, writer.bytes)
        })
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), group: group, router: router,
                                logger: Logger(label: "bench-github"))
        let address = try await server.start()
        state.withLock { $0.port = address.port }
        return BenchGitHub(group: group, server: server, address: address, state: state)
    }

    private init(group: EventLoopGroup, server: HTTPServer, address: SocketAddress, state: StateBox) {
        self.group = group
        self.server = server
        self.address = address
        self.state = state
    }

    func setHead(_ number: Int, _ head: String) { state.withLock { $0.heads[number] = head } }

    func stop() async {
        await server.shutdown(grace: .seconds(1))
        group.shutdown()
    }
}
