// APIErrorMessage: the human part of a platform's error body, whatever its shape.

internal import LoomCore

/// Pulls the explanation out of an error response so `PlatformAPIError.message` (and a rejected
/// comment's reason) says what the platform said. Shapes seen:
/// GitHub `{"message", "errors": ["…"] | [{"resource","field","code","message"}]}`,
/// GitLab `{"message": "…" | {…}}` or `{"error": "…"}`, Gitea `{"message", "errors"}`,
/// Bitbucket `{"type": "error", "error": {"message", "detail"}}`, Azure `{"message", "typeKey"}`.
enum APIErrorMessage {
    /// The longest message kept; error bodies can echo whole requests.
    static let limit = 400

    static func extract(from body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        guard let root = try? JSONDocument(bytes: body).root, root.kind == .object else {
            let text = String(decoding: body.prefix(limit), as: UTF8.self)
            // HTML error pages say nothing useful beyond the status.
            return text.hasPrefix("<") ? nil : text
        }
        var parts: [String] = []
        if let message = root["message"] { parts.append(describe(message)) }
        if let error = root["error"] {
            if error.kind == .object {
                if let message = error["message"]?.string { parts.append(message) }
                if let detail = error["detail"]?.string { parts.append(detail) }
            } else {
                parts.append(describe(error))
            }
        }
        if let errors = root["errors"], errors.kind == .array {
            parts.append(contentsOf: errors.elements.map(describeError))
        }
        let text = parts.filter { !$0.isEmpty }.joined(separator: "; ")
        return String(text.prefix(limit))
    }

    /// A string as itself; any other JSON as its source text (GitLab nests validation errors).
    private static func describe(_ value: JSONValue) -> String {
        value.string ?? String(decoding: value.rawBytes, as: UTF8.self)
    }

    /// GitHub's `{"resource":"PullRequestReviewComment","code":"invalid","field":"line"}`.
    private static func describeError(_ value: JSONValue) -> String {
        guard value.kind == .object else { return describe(value) }
        if let message = value["message"]?.string { return message }
        let fields = ["resource", "field", "code"].compactMap { key in value[key]?.string.map { "\(key)=\($0)" } }
        return fields.joined(separator: " ")
    }
}
