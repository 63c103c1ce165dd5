// WebhookPayloadError: a verified delivery whose body Loom cannot turn into a job (400 invalid_payload).

/// The body is not JSON, or a pull-request event lacks what a job needs (repository, number, head SHA).
public struct WebhookPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the missing or malformed field (e.g. `missing pull_request.head.sha`).
    public var message: String

    /// An error with `message` as its explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message, as the HTTP error body and logs show it.
    public var description: String { message }

    /// A required field is absent or has the wrong type.
    static func missing(_ path: String) -> WebhookPayloadError {
        WebhookPayloadError("missing or invalid \(path)")
    }
}
