// ModelTestKit: builds models against a fake server with recorded sleeps, and realistic provider bodies.

import LoomCore
import LoomHTTPClient
import LoomLLM
import LoomMetrics
import Logging
import Synchronization

/// Records the waits a model asks for instead of sleeping.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    func sleep(_ duration: Duration) async throws {
        waits.withLock { $0.append(duration) }
    }
}

/// A model of `provider` pointed at `server`, with jitter pinned at 0.5 and sleeps recorded.
func makeTestModel(_ server: FakeProviderServer, provider: ModelEndpoint.Provider = .openai, apiKey: String? = "sk-test",
                   maxRetries: Int = 3, timeout: Duration = .seconds(5), baseURL: String? = nil,
                   sleeps: SleepRecorder = SleepRecorder(), registry: MetricsRegistry = MetricsRegistry(),
                   client: any HTTPClient = SocketHTTPClient()) -> any ChatModel {
    let endpoint = ModelEndpoint(provider: provider, baseURL: baseURL ?? server.baseURL,
                                 model: provider == .openai ? "gpt-4o-mini" : "claude-sonnet-4-5",
                                 apiKey: apiKey, timeout: timeout, maxRetries: maxRetries)
    return makeChatModel(endpoint: endpoint, client: client, clock: ManualClock(), sleep: { try await sleeps.sleep($0) },
                         random: { 0.5 }, metricsFactory: registry.factory, logger: quietLogger)
}

/// Retry warnings would only clutter the test output.
let quietLogger = Logger(label: "loom.llm.test", factory: { _ in SwiftLogNoOpLogHandler() })

/// A conversation with a system prompt, as the review sends.
let reviewMessages = [
    ChatMessage(role: .system, content: "You review diffs. Answer with a JSON array."),
    ChatMessage(role: .user, content: "diff --git a/x.swift b/x.swift\n+let x = 1 // \"quoted\"\n"),
]

/// Bodies shaped exactly like the providers' documented responses.
enum ProviderBodies {
    static let openAISuccess = """
        {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,\
        "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant",\
        "content":"[{\\"file\\":\\"x.swift\\",\\"line\\":1,\\"severity\\":\\"info\\",\\"message\\":\\"ok\\"}]",\
        "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],\
        "usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,\
        "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
        "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
        "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_06737a9306"}
        """

    static func openAIError(message: String, type: String, code: String?, param: String? = nil) -> String {
        let codeText = code.map { "\"\($0)\"" } ?? "null"
        let paramText = param.map { "\"\($0)\"" } ?? "null"
        return #"{"error":{"message":"\#(message)","type":"\#(type)","param":\#(paramText),"code":\#(codeText)}}"#
    }

    static let anthropicSuccess = """
        {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",\
        "content":[{"type":"text","text":"[{\\"file\\":\\"x.swift\\","},{"type":"text","text":"\\"line\\":1}]"}],\
        "stop_reason":"end_turn","stop_sequence":null,\
        "usage":{"input_tokens":2095,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":503,\
        "service_tier":"standard"}}
        """

    static func anthropicError(type: String, message: String) -> String {
        #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
    }
}
