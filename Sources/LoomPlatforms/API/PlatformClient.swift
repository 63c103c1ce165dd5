// PlatformClient: what a review needs from a git platform's REST API, one adapter per platform.

public import LoomCore

/// Which pull request an adapter works on: the repository, the number, and the platform facts
/// recorded from its webhook (GitLab project id, Azure organization/project/repository id, …).
public struct PullRequestRef: Hashable, Sendable {
    public var repository: RepositoryRef
    public var number: Int
    public var attributes: [String: String]

    public init(repository: RepositoryRef, number: Int, attributes: [String: String] = [:]) {
        self.repository = repository
        self.number = number
        self.attributes = attributes
    }
}

/// A platform API adapter. Every call goes to the platform's configured base URL only (never a
/// URL taken from a payload), with that platform's credentials.
public protocol PlatformClient: Sendable {
    var platform: Platform { get }

    /// Title, description, author, branches, head and base commits.
    func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo

    /// The change as a parsed unified diff (GitLab's headers rebuilt; Azure's built from file
    /// contents at both commits).
    func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff

    /// A file's bytes at a commit, nil when it does not exist there.
    func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]?

    /// Posts inline comments — as one submitted review where the platform has reviews — and
    /// returns one result per comment, in order. One refused comment does not stop the others.
    func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                            comments: [InlineComment]) async throws -> [CommentResult]

    /// Creates the summary comment, or edits `existing` in place; returns its id.
    func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String

    /// Loom's earlier comments on the PR: those whose body contains `marker`.
    func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment]
}

/// A platform API call failed.
public struct PlatformAPIError: Error, Equatable, Sendable, CustomStringConvertible {
    public var platform: Platform
    /// The HTTP status, or nil when there was no response.
    public var status: Int?
    public var message: String
    /// Worth retrying later (5xx, 429, network).
    public var isTransient: Bool

    public init(platform: Platform, status: Int?, message: String, isTransient: Bool) {
        self.platform = platform
        self.status = status
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String {
        "\(platform.displayName) API \(status.map { "HTTP \($0)" } ?? "request") failed: \(message)"
    }
}
