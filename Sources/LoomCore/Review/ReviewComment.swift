// ReviewComment: comments Loom posts (inline and summary) and what a platform answered for each.

/// An inline comment to post, already anchored on a commentable new-file line.
public struct InlineComment: Hashable, Sendable {
    public var path: String
    /// New-file line number (right side); always in `FileDiff.commentableNewLines`.
    public var line: Int
    /// Markdown body, including Loom's hidden marker.
    public var body: String
    /// The finding's fingerprint, to recognise it on a later review.
    public var fingerprint: String

    public init(path: String, line: Int, body: String, fingerprint: String) {
        self.path = path
        self.line = line
        self.body = body
        self.fingerprint = fingerprint
    }
}

/// The platform's answer for one inline comment.
public enum CommentResult: Hashable, Sendable {
    /// Posted; the platform's comment id.
    case posted(id: String)
    /// Refused (for example a line the platform does not consider part of the diff).
    case rejected(reason: String)
}

/// A comment already on the pull request that Loom wrote (found by its hidden marker).
public struct ExistingComment: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case summary, inline }

    public var id: String
    public var kind: Kind
    public var body: String
    public var path: String?
    public var line: Int?

    public init(id: String, kind: Kind, body: String, path: String? = nil, line: Int? = nil) {
        self.id = id
        self.kind = kind
        self.body = body
        self.path = path
        self.line = line
    }
}
