// Finding: one problem a review pipeline reported, as read from the model's reply.

/// A finding of one pipeline on one file.
public struct Finding: Hashable, Sendable {
    /// Name of the pipeline that reported it.
    public var pipeline: String
    /// The file, as a path of the diff (the new path; the old one for a deleted file).
    public var path: String
    /// New-file line the finding is about; nil for a whole-file remark. After anchoring it is the
    /// commentable line the comment goes on.
    public var line: Int?
    public var severity: Severity
    public var message: String
    public var category: String?
    public var suggestion: String?
    /// Identity across re-reviews: SHA-256 (hex) of pipeline, path, the anchor line's text and
    /// the normalized message. Set again when the finding is anchored, since the anchor line's
    /// text is only known then.
    public var fingerprint: String

    public init(pipeline: String, path: String, line: Int?, severity: Severity, message: String,
                category: String? = nil, suggestion: String? = nil, fingerprint: String = "") {
        self.pipeline = pipeline
        self.path = path
        self.line = line
        self.severity = severity
        self.message = message
        self.category = category
        self.suggestion = suggestion
        self.fingerprint = fingerprint
    }
}
