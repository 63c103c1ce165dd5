// ProviderErrorBody: the message, type and code out of an error body, whichever provider's dialect it uses.

import LoomCore

/// What an error response says about itself.
///
/// Shapes read (all real ones seen in the wild):
/// - OpenAI and most compatibles: `{"error":{"message","type","param","code"}}`, `code` a string
///   (`insufficient_quota`, `context_length_exceeded`) or a number (OpenRouter: `{"code":402}`);
/// - Anthropic: `{"type":"error","error":{"type","message","details"?},"request_id"}`;
/// - vLLM / FastAPI servers: top-level `{"object":"error","message","type","code"}` or `{"detail":…}`;
/// - Ollama's and some proxies' plain `{"error":"text"}`;
/// - anything else (an HTML page from a proxy): the start of the body as the message.
struct ProviderErrorBody: Sendable {
    var message: String
    /// `error.type` (Anthropic's and OpenAI's category), lowercased.
    var type: String?
    /// `error.code` as text (string or number), lowercased.
    var code: String?
    /// Anthropic's `error.details.error_code` (e.g. `enforced_spend_limit_reached`), lowercased.
    var detailCode: String?

    init(message: String, type: String? = nil, code: String? = nil, detailCode: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
        self.detailCode = detailCode
    }

    /// Reads `body`; never fails: an unreadable body still yields a message for the summary.
    init(body: [UInt8]) {
        guard let document = try? JSONDocument(bytes: body), document.root.kind == .object else {
            self.init(message: ProviderErrorBody.excerpt(of: body))
            return
        }
        let root = document.root
        if let error = root["error"], error.kind == .object {
            self.init(message: error["message"]?.string ?? ProviderErrorBody.excerpt(of: body),
                      type: error["type"]?.string?.lowercased(),
                      code: error["code"]?.scalarText?.lowercased(),
                      detailCode: error["details", "error_code"]?.string?.lowercased())
        } else if let text = root["error"]?.string {
            self.init(message: text)
        } else if let message = root["message"]?.string ?? root["detail"]?.string {
            self.init(message: message, type: root["type"]?.string?.lowercased(), code: root["code"]?.scalarText?.lowercased())
        } else {
            self.init(message: ProviderErrorBody.excerpt(of: body))
        }
    }

    /// Whether the body carries an error object at all (some gateways answer 200 with one).
    static func hasErrorObject(_ root: JSONValue) -> Bool {
        guard let error = root["error"] else { return false }
        return error.kind == .object || error.kind == .string
    }

    /// The first 300 bytes as text, so a proxy's HTML error page does not flood the PR summary.
    static func excerpt(of body: [UInt8]) -> String {
        guard !body.isEmpty else { return "empty response body" }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        let flattened = String(text.map { $0.isNewline ? " " : $0 })
        return body.count > 300 ? flattened + "…" : flattened
    }
}
