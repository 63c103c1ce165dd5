// FakeComment: a comment a fake platform stores, and the store that hands out ids.

import LoomCore
import Synchronization

/// A comment as the fake stored it, whatever the platform's shape.
struct FakeComment: Sendable, Hashable {
    var id: Int
    var pullRequest: Int
    var kind: ExistingComment.Kind
    var body: String
    var path: String?
    /// New-file line (right side).
    var line: Int?
    /// Old-file line, where the request named one (GitLab context lines).
    var oldLine: Int?
    /// The review (GitHub, Gitea) or discussion/thread it belongs to.
    var groupID: Int?
    var commitID: String?
    /// How many times it was edited.
    var edits = 0
}
