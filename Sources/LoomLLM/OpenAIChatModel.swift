// OpenAIChatModel: chat completions over the OpenAI-compatible API (OpenAI, Ollama, OpenRouter, vLLM, …).

import LoomCore
import LoomHTTPClient

/// A model behind `POST {base_url}/chat/completions`.
///
/// Request: `{"model","messages":[{"role","content"}],"temperature","max_tokens"}`, plus
/// `"response_format":{"type":"json_object"}` in JSON mode; `Authorization: Bearer <key>` only
/// when a key is set, so keyless local servers (Ollama, llama.cpp) work.
///
/// Reply: `choices[0].message.content` (a string, or an array of `{"type":"text","text"}` parts as
/// some compatible servers send), `usage.prompt_tokens` / `usage.completion_tokens`, `model`,
/// and `choices[0].finish_reason` (`length` marks the reply truncated).
///
/// A reply without `usage` counts as zero tokens: local servers often omit it, and a guess
/// dressed up as a measurement would make the recorded token totals lie. (The review sizes its
/// prompts with `TokenEstimator`, which does not depend on this.)
///
/// OpenAI's reasoning models want `max_completion_tokens` and no temperature; see `OpenAIDialect`.
public struct OpenAIChatModel: ChatModel {
    public let endpoint: ModelEndpoint
    let loop: ModelCallLoop
    let dialect = OpenAIDialectMemory()

    public var name: String { endpoint.model }

    init(endpoint: ModelEndpoint, loop: ModelCallLoop) {
        self.endpoint = endpoint
        self.loop = loop
    }

    /// Sends `request` (its temperature, max tokens and JSON mode; see `ModelEndpoint.request(_:)`),
    /// retrying transient failures per SPEC §6.5.
    public func complete(_ request: ChatRequest) async throws(ChatModelError) -> ChatResponse {
        let fallbackModel = endpoint.model
        var dialect = self.dialect.current
        while true {
            do {
                return try await loop.run(httpRequest(for: request, dialect: dialect)) { response throws(AttemptFailure) in
                    try OpenAIChatModel.parse(response.body, fallbackModel: fallbackModel)
                }
            } catch {
                // Bounded: adjustments only ever move settings one way, and an error that changes nothing ends it.
                guard let adjusted = dialect.adjusted(after: error) else { throw error }
                dialect = adjusted
                self.dialect.remember(adjusted)
            }
        }
    }

    /// The HTTP request for `request`.
    func httpRequest(for request: ChatRequest, dialect: OpenAIDialect = OpenAIDialect()) -> HTTPClientRequest {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = endpoint.usableKey { headers.append(("Authorization", "Bearer \(key)")) }
        return HTTPClientRequest(method: "POST", url: endpoint.url(for: "chat/completions"), headers: headers,
                                 body: OpenAIChatModel.body(for: request, model: endpoint.model, dialect: dialect),
                                 timeout: endpoint.timeout, followRedirects: false)
    }

    /// The JSON body of a chat completion request.
    static func body(for request: ChatRequest, model: String, dialect: OpenAIDialect = OpenAIDialect()) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: request.messages.reduce(256) { $0 + $1.content.utf8.count + 32 })
        json.beginObject()
        json.field("model", model)
        json.beginArray("messages")
        for message in request.messages {
            json.beginObject()
            json.field("role", message.role.rawValue)
            json.field("content", message.content)
            json.endObject()
        }
        json.endArray()
        if dialect.sendsTemperature { json.field("temperature", request.temperature) }
        json.field(dialect.maxTokensField, request.maxTokens)
        if request.jsonMode {
            json.beginObject("response_format")
            json.field("type", "json_object")
            json.endObject()
        }
        json.endObject()
        return json.bytes
    }

    /// Reads a 2xx body. A body that is an error object (OpenRouter can answer 200 with one) is
    /// classified like an error response; any other unexpected shape is `.unparseable`.
    static func parse(_ body: [UInt8], fallbackModel: String) throws(AttemptFailure) -> ParsedReply {
        guard let document = try? JSONDocument(bytes: body), document.root.kind == .object else {
            throw AttemptFailure(error: .unparseable("not a JSON object: \(ProviderErrorBody.excerpt(of: body))"), retryable: false)
        }
        let root = document.root
        let usage = TokenUsage(input: root["usage", "prompt_tokens"]?.int ?? 0, output: root["usage", "completion_tokens"]?.int ?? 0)
        if ProviderErrorBody.hasErrorObject(root), root["choices"] == nil {
            let error = ProviderErrorBody(body: body)
            // The error object's own numeric code, when it has one, is the real status.
            let status = error.code.flatMap { Int($0) } ?? 500
            var failure = ModelErrorClassifier.classify(status: status, error: error, serverDelay: nil)
            failure.usage = usage
            throw failure
        }
        guard let choice = root["choices"]?[0], let message = choice["message"], let contentValue = message["content"] else {
            throw AttemptFailure(error: .unparseable("no choices[0].message.content in the reply"), retryable: false, usage: usage)
        }
        guard let content = text(of: contentValue) else {
            let refusal = message["refusal"]?.string.map { " (refusal: \($0))" } ?? ""
            throw AttemptFailure(error: .unparseable("choices[0].message.content is not text\(refusal)"), retryable: false, usage: usage)
        }
        return ParsedReply(content: content, usage: usage, model: root["model"]?.string ?? fallbackModel,
                           truncated: choice["finish_reason"]?.string == "length")
    }

    /// A string content, or the text parts of an array content joined; nil for anything else (null, a number).
    private static func text(of value: JSONValue) -> String? {
        if let text = value.string { return text }
        guard value.kind == .array else { return nil }
        var parts: [String] = []
        for part in value.elements {
            if let text = part.string {
                parts.append(text)
            } else if part["type"]?.string == "text" || part["type"]?.string == "output_text", let text = part["text"]?.string {
                parts.append(text)
            }
        }
        return parts.joined()
    }
}
