// FakeGitHub+Comments: reviews (refused whole with 422 on a line outside the diff), review and issue comments.

import LoomCore
import LoomHTTP

extension FakeGitHub {
    /// The login the fake attributes Loom's comments to.
    static let botLogin = "loom-review[bot]"

    func commentRoutes() {
        let repository = "/repos/{owner}/{repo}"
        server.on("POST", repository + "/pulls/{number}/reviews") { [unowned self] call in createReview(call) }
        server.on("GET", repository + "/pulls/{number}/reviews/{review}/comments") { [unowned self] call in
            let review = call.int("review")
            return paged(store.comments.filter { $0.groupID == review }.map { reviewCommentJSON($0, call: call) }, call: call)
        }
        server.on("POST", repository + "/pulls/{number}/comments") { [unowned self] call in
            guard let pull = pull(call), let json = call.json, let path = json["path"]?.string, let line = json["line"]?.int,
                  let body = json["body"]?.string else { return Self.error(422, "Validation Failed") }
            guard pull.isCommentable(path: path, line: line), (json["side"]?.string ?? "RIGHT") == "RIGHT" else {
                return Self.error(422, "Validation Failed", errors: [[
                    "resource": "PullRequestReviewComment", "code": "custom", "field": "pull_request_review_thread.line",
                    "message": "pull_request_review_thread.line must be part of the diff"]])
            }
            let stored = store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: body, path: path, line: line,
                                                  groupID: store.nextID(), commitID: json["commit_id"]?.string))
            return FakeResponse.json(201, reviewCommentJSON(stored, call: call))
        }
        server.on("GET", repository + "/pulls/{number}/comments") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Not Found") }
            return paged(store.comments(on: pull.number).filter { $0.kind == .inline }.map { reviewCommentJSON($0, call: call) }, call: call)
        }
        server.on("GET", repository + "/issues/{number}/comments") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Not Found") }
            return paged(store.comments(on: pull.number).filter { $0.kind == .summary }.map { issueCommentJSON($0, call: call) }, call: call)
        }
        server.on("POST", repository + "/issues/{number}/comments") { [unowned self] call in
            guard let pull = pull(call), let body = call.json?["body"]?.string else { return Self.error(422, "Validation Failed") }
            let stored = store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .summary, body: body))
            return FakeResponse.json(201, issueCommentJSON(stored, call: call))
        }
        server.on("PATCH", repository + "/issues/comments/{id}") { [unowned self] call in
            guard let id = call.int("id"), store.comment(id)?.kind == .summary, let body = call.json?["body"]?.string,
                  let edited = store.edit(id, body: body) else { return Self.error(404, "Not Found") }
            return FakeResponse.json(200, issueCommentJSON(edited, call: call))
        }
    }

    /// `POST /pulls/{n}/reviews`: every comment must sit on a right-side line of the diff, or the
    /// whole review is refused, as GitHub does.
    private func createReview(_ call: FakeCall) -> HTTPResponse {
        guard let pull = pull(call), let json = call.json else { return Self.error(404, "Not Found") }
        let requested = json["comments"]?.elements ?? []
        for comment in requested {
            guard let path = comment["path"]?.string, let line = comment["line"]?.int, comment["body"]?.string != nil,
                  pull.isCommentable(path: path, line: line), (comment["side"]?.string ?? "RIGHT") == "RIGHT" else {
                return Self.error(422, "Unprocessable Entity", errors: [[
                    "resource": "PullRequestReviewComment", "code": "invalid", "field": "line",
                    "message": "Line could not be resolved"]])
            }
        }
        let state = switch json["event"]?.string {
        case "COMMENT": "COMMENTED"
        case "APPROVE": "APPROVED"
        case "REQUEST_CHANGES": "CHANGES_REQUESTED"
        default: "PENDING"
        }
        let review = store.insert(FakeReview(id: 0, pullRequest: pull.number, body: json["body"]?.string ?? "",
                                             commitID: json["commit_id"]?.string, state: state))
        for comment in requested {
            store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: comment["body"]?.string ?? "",
                                     path: comment["path"]?.string, line: comment["line"]?.int, groupID: review.id,
                                     commitID: review.commitID))
        }
        let pullURL = call.baseURL + "/repos/\(owner)/\(name)/pulls/\(pull.number)"
        return FakeResponse.json(200, [
            "id": .int(review.id), "node_id": "PRR_kwDOAAABc84AAAAB", "user": Self.user(Self.botLogin), "body": .string(review.body),
            "state": .string(state), "html_url": .string("https://github.com/\(owner)/\(name)/pull/\(pull.number)#pullrequestreview-\(review.id)"),
            "pull_request_url": .string(pullURL), "author_association": "NONE",
            "_links": ["html": ["href": .string("https://github.com/\(owner)/\(name)/pull/\(pull.number)")], "pull_request": ["href": .string(pullURL)]],
            "submitted_at": state == "PENDING" ? nil : "2024-05-01T10:00:00Z", "commit_id": .text(review.commitID),
        ])
    }

    func reviewCommentJSON(_ comment: FakeComment, call: FakeCall) -> FakeJSON {
        let api = call.baseURL + "/repos/\(owner)/\(name)"
        return [
            "url": .string(api + "/pulls/comments/\(comment.id)"), "pull_request_review_id": .number(comment.groupID),
            "id": .int(comment.id), "node_id": "PRRC_kwDOAAABc84AAAAB", "diff_hunk": "@@ -1,3 +1,4 @@",
            "path": .text(comment.path), "commit_id": .text(comment.commitID), "original_commit_id": .text(comment.commitID),
            "user": Self.user(Self.botLogin), "body": .string(comment.body),
            "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
            "html_url": .string("https://github.com/\(owner)/\(name)/pull/\(comment.pullRequest)#discussion_r\(comment.id)"),
            "pull_request_url": .string(api + "/pulls/\(comment.pullRequest)"), "author_association": "NONE",
            "_links": ["self": ["href": .string(api + "/pulls/comments/\(comment.id)")]],
            "start_line": nil, "original_start_line": nil, "start_side": nil,
            "line": .number(comment.line), "original_line": .number(comment.line), "side": "RIGHT", "subject_type": "line",
        ]
    }

    func issueCommentJSON(_ comment: FakeComment, call: FakeCall) -> FakeJSON {
        let api = call.baseURL + "/repos/\(owner)/\(name)"
        return [
            "url": .string(api + "/issues/comments/\(comment.id)"),
            "html_url": .string("https://github.com/\(owner)/\(name)/pull/\(comment.pullRequest)#issuecomment-\(comment.id)"),
            "issue_url": .string(api + "/issues/\(comment.pullRequest)"), "id": .int(comment.id), "node_id": "IC_kwDOAAABc84AAAAB",
            "user": Self.user(Self.botLogin), "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
            "author_association": "NONE", "body": .string(comment.body), "performed_via_github_app": nil,
        ]
    }
}
