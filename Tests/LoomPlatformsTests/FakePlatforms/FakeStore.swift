// FakeStore: a fake platform's state — pull requests, comments, reviews, ids and test switches.

import Synchronization

/// A submitted review (GitHub, Gitea).
struct FakeReview: Sendable, Hashable {
    var id: Int
    var pullRequest: Int
    var body: String
    var commitID: String?
    var state: String
}

/// Switches a test flips to provoke behaviour.
struct FakeOptions: Sendable {
    /// Largest page any listing returns (lower it to force pagination).
    var pageSize = 100
    /// When set, the first page of a listing names this URL as its next page (another host).
    var foreignNextURL: String?
    /// When set, redirects (Bitbucket's diff) point at this origin instead of the fake's own.
    var redirectOrigin: String?
    /// GitHub: refuse the whole diff as too large (406), as GitHub does past 20,000 lines.
    var diffTooLarge = false
}

/// The fake platform's state: pull requests and comments, behind a lock (handlers run on the
/// server's loop while tests read from their own tasks).
final class FakeStore: Sendable {
    private struct State {
        var pulls: [Int: FakePullRequest] = [:]
        var comments: [FakeComment] = []
        var reviews: [FakeReview] = []
        var options = FakeOptions()
        var nextID = 1001
    }

    private let state = Mutex(State())

    func add(_ pull: FakePullRequest) { state.withLock { $0.pulls[pull.number] = pull } }

    func pull(_ number: Int) -> FakePullRequest? { state.withLock { $0.pulls[number] } }

    /// A file's bytes at `commit` (a full hash, or a prefix of at least 7 characters as
    /// Bitbucket's short hashes are), looked up across every pull request's files.
    func file(_ path: String, at commit: String) -> [UInt8]? {
        let path = String(path.drop { $0 == "/" })
        return state.withLock { state in
            for pull in state.pulls.values {
                for (sha, files) in pull.files where sha == commit || (commit.count >= 7 && sha.hasPrefix(commit)) {
                    if let bytes = files[path] { return bytes }
                }
            }
            return nil
        }
    }

    var options: FakeOptions {
        get { state.withLock { $0.options } }
        set { state.withLock { $0.options = newValue } }
    }

    /// A fresh id (shared by comments, reviews and threads, like a database sequence).
    func nextID() -> Int {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Stores `comment` with a fresh id and returns it.
    @discardableResult
    func insert(_ comment: FakeComment) -> FakeComment {
        state.withLock { state in
            var stored = comment
            stored.id = state.nextID
            state.nextID += 1
            state.comments.append(stored)
            return stored
        }
    }

    /// Stores `review` with a fresh id and returns it.
    func insert(_ review: FakeReview) -> FakeReview {
        state.withLock { state in
            var stored = review
            stored.id = state.nextID
            state.nextID += 1
            state.reviews.append(stored)
            return stored
        }
    }

    /// Replaces the body of comment `id`; nil when there is none.
    func edit(_ id: Int, body: String) -> FakeComment? {
        state.withLock { state in
            guard let index = state.comments.firstIndex(where: { $0.id == id }) else { return nil }
            state.comments[index].body = body
            state.comments[index].edits += 1
            return state.comments[index]
        }
    }

    func comment(_ id: Int) -> FakeComment? { state.withLock { $0.comments.first { $0.id == id } } }

    /// Removes comment `id` (a person deleting it).
    func delete(_ id: Int) { state.withLock { $0.comments.removeAll { $0.id == id } } }

    /// Every stored comment, in creation order.
    var comments: [FakeComment] { state.withLock { $0.comments } }

    func comments(on pull: Int) -> [FakeComment] { comments.filter { $0.pullRequest == pull } }

    var reviews: [FakeReview] { state.withLock { $0.reviews } }

    func reviews(on pull: Int) -> [FakeReview] { reviews.filter { $0.pullRequest == pull } }
}
