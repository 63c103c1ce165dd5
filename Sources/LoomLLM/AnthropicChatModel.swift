// AnthropicChatModel: chat over Anthropic's Messages API (`POST {base_url}/messages`).

import LoomCore
import LoomHTTPClient

/// A model behind Anthropic's Messages API.
///
/// Request: headers `x-api-key` (when a key is set), `anthropic-version: 2023-06-01`,
/// `content-type: application/json`; body `{"model","max_tokens","system"?,"messages":[{"role","content"}],"temperature"}`.
/// System messages go to the top-level `system` string (joined by blank lines when there are
/// several), because the Messages API accepts only `user` and `assistant` roles in `messages`.
///
/// Reply: the `text` blocks of `content[]` joined (other block types, e.g. `thinking`, skipped),
/// `usage.input_tokens` (plus cache reads and writes, which are input too) and
/// `usage.output_tokens`, `model`, and `stop_reason` (`max_tokens` marks the reply truncated).
///
/// JSON mode has no Messages API equivalent and is ignored: the review's prompts ask for JSON and
/// its findings parser accepts fenced JSON anyway.
public struct AnthropicChatModel: ChatModel {
    /// The API version this client speaks; the response shapes parsed below are this version's.
    public static let apiVersion = "2023-06-01"

    public let endpoint: ModelEndpoint
    let loop: ModelCallLoop

    public var name: String { endpoint.model }

    init(endpoint: ModelEndpoint, loop: ModelCallLoop) {
        self.endpoint = endpoint
        self.loop = loop
    }

    /// Sends `request` (its temperature and max tokens; see `ModelEndpoint.request(_:)`), retrying
    /// transient failures per SPEC §6.5.
    public func complete(_ request: ChatRequest) async throws(ChatModelError) -> ChatResponse {
        let fallbackModel = endpoint.model
        return try await loop.run(httpRequest(for: request)) { response throws(AttemptFailure) in
            try AnthropicChatModel.parse(response.body, fallbackModel: fallbackModel)
        }
    }

    /// The HTTP request for `request`.
    func httpRequest(for request: ChatRequest) -> HTTPClientRequest {
        var headers: [(name: String, value: String)] = [
            ("content-type", "application/json"), ("accept", "application/json"),
            ("anthropic-version", AnthropicChatModel.apiVersion),
        ]
        if let key = endpoint.usableKey { headers.append(("x-api-key", key)) }
        return HTTPClientRequest(method: "POST", url: endpoint.url(for: "messages"), headers: headers,
                                 body: AnthropicChatModel.body(for: request, model: endpoint.model), timeout: endpoint.timeout,
                                 followRedirects: false)
    }

    /// The JSON body of a Messages request.
    static func body(for request: ChatRequest, model: String) -> [UInt8] {
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        var json = JSONWriter(reservingCapacity: request.messages.reduce(256) { $0 + $1.content.utf8.count + 32 })
        json.beginObject()
        json.field("model", model)
        // Required by the Messages API, unlike OpenAI's optional max_tokens.
        json.field("max_tokens", max(request.maxTokens, 1))
        if !system.isEmpty { json.field("system", system.joined(separator: "\n\n")) }
        json.beginArray("messages")
        for message in request.messages where message.role != .system {
            json.beginObject()
            json.field("role", message.role.rawValue)
            json.field("content", message.content)
            json.endObject()
        }
        json.endArray()
        // Anthropic's range is 0–1 and it rejects more with a 400; the config allows OpenAI's 0–2,
        // so clamp rather than fail a review over a knob that means "more random" either way.
        json.field("temperature", min(max(request.temperature, 0), 1))
        json.endObject()
        return json.bytes
    }

    /// Reads a 2xx body; an unexpected shape is `.unparseable`.
    static func parse(_ body: [UInt8], fallbackModel: String) throws(AttemptFailure) -> ParsedReply {
        guard let document = try? JSONDocument(bytes: body), document.root.kind == .object else {
            throw AttemptFailure(error: .unparseable("not a JSON object: \(ProviderErrorBody.excerpt(of: body))"), retryable: false)
        }
        let root = document.root
        let usage = TokenUsage(
            input: (root["usage", "input_tokens"]?.int ?? 0) + (root["usage", "cache_creation_input_tokens"]?.int ?? 0)
                + (root["usage", "cache_read_input_tokens"]?.int ?? 0),
            output: root["usage", "output_tokens"]?.int ?? 0)
        if root["type"]?.string == "error" || (ProviderErrorBody.hasErrorObject(root) && root["content"] == nil) {
            var failure = ModelErrorClassifier.classify(status: statusOfErrorType(root["error", "type"]?.string),
                                                        error: ProviderErrorBody(body: body), serverDelay: nil)
            failure.usage = usage
            throw failure
        }
        guard let content = root["content"], content.kind == .array else {
            throw AttemptFailure(error: .unparseable("no content[] in the reply"), retryable: false, usage: usage)
        }
        var text = ""
        for block in content.elements where block["type"]?.string == "text" {
            guard let part = block["text"]?.string else {
                throw AttemptFailure(error: .unparseable("a text block without text"), retryable: false, usage: usage)
            }
            text += part
        }
        return ParsedReply(content: text, usage: usage, model: root["model"]?.string ?? fallbackModel,
                           truncated: root["stop_reason"]?.string == "max_tokens")
    }

    /// The HTTP status Anthropic documents for an error `type`, for an error body that arrived
    /// with a 2xx (a proxy re-wrapping it); unknown types count as a server error.
    static func statusOfErrorType(_ type: String?) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "overloaded_error": 529
        default: 500
        }
    }
}
