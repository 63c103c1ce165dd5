// FakeGitea+Reviews: reviews (refused with 422 when a position is not a line of the diff) and issue comments.

import LoomCore
import LoomHTTP

extension FakeGitea {
    static let botLogin = "loom-bot"

    func reviewRoutes() {
        let pulls = "/repos/{owner}/{repo}/pulls/{index}"
        server.on("POST", pulls + "/reviews") { [unowned self] call in createReview(call) }
        server.on("GET", pulls + "/reviews") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "The target couldn't be found.") }
            return paged(store.reviews(on: pull.number).map { reviewJSON($0, call: call) }, call: call)
        }
        server.on("GET", pulls + "/reviews/{review}/comments") { [unowned self] call in
            guard pull(call) != nil, let review = call.int("review") else { return Self.error(404, "The target couldn't be found.") }
            return FakeResponse.json(200, .array(store.comments.filter { $0.groupID == review }.map { reviewCommentJSON($0, call: call) }))
        }
        server.on("GET", "/repos/{owner}/{repo}/issues/{index}/comments") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "The target couldn't be found.") }
            // Gitea lists an issue's comments in one response (only `since`/`before` filter it).
            return FakeResponse.json(200, .array(store.comments(on: pull.number).filter { $0.kind == .summary }.map { issueCommentJSON($0) }))
        }
        server.on("POST", "/repos/{owner}/{repo}/issues/{index}/comments") { [unowned self] call in
            guard let pull = pull(call), let body = call.json?["body"]?.string else {
                return Self.error(422, "[Body]: Required", errors: ["Body: Required"])
            }
            return FakeResponse.json(201, issueCommentJSON(store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .summary, body: body))))
        }
        server.on("PATCH", "/repos/{owner}/{repo}/issues/comments/{id}") { [unowned self] call in
            guard let id = call.int("id"), store.comment(id)?.kind == .summary, let body = call.json?["body"]?.string,
                  let edited = store.edit(id, body: body) else { return Self.error(404, "The target couldn't be found.") }
            return FakeResponse.json(200, issueCommentJSON(edited))
        }
    }

    /// `POST /pulls/{index}/reviews`: every comment's `new_position` must be a commentable line
    /// of its file, or the review is refused; a COMMENT review needs a body or comments.
    private func createReview(_ call: FakeCall) -> HTTPResponse {
        guard let pull = pull(call), let json = call.json else { return Self.error(404, "The target couldn't be found.") }
        let requested = json["comments"]?.elements ?? []
        let body = json["body"]?.string ?? ""
        guard json["event"]?.string == "COMMENT" || json["event"]?.string == "APPROVED" || json["event"]?.string == "REQUEST_CHANGES" else {
            return Self.error(422, "review event must be one of APPROVED, REQUEST_CHANGES, COMMENT")
        }
        if body.isEmpty && requested.isEmpty { return Self.error(422, "review event COMMENT requires a body or a comment") }
        for comment in requested {
            guard let path = comment["path"]?.string, let line = comment["new_position"]?.int, comment["old_position"]?.int == 0,
                  pull.isCommentable(path: path, line: line) else {
                let where_ = "\(comment["path"]?.string ?? "?"):\(comment["new_position"]?.int ?? 0)"
                return Self.error(422, "line \(where_) is not part of the diff", errors: ["CreateCodeComment: line outside the diff"])
            }
        }
        let review = store.insert(FakeReview(id: 0, pullRequest: pull.number, body: body, commitID: json["commit_id"]?.string,
                                             state: "COMMENT"))
        for comment in requested {
            store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: comment["body"]?.string ?? "",
                                     path: comment["path"]?.string, line: comment["new_position"]?.int, groupID: review.id,
                                     commitID: review.commitID))
        }
        return FakeResponse.json(200, reviewJSON(review, call: call))
    }

    func reviewJSON(_ review: FakeReview, call: FakeCall) -> FakeJSON {
        let web = "https://gitea.example/\(owner)/\(name)/pulls/\(review.pullRequest)"
        return [
            "id": .int(review.id), "user": Self.user(Self.botLogin), "team": nil, "state": .string(review.state), "body": .string(review.body),
            "commit_id": .text(review.commitID), "stale": false, "official": false, "dismissed": false,
            "comments_count": .int(store.comments.filter { $0.groupID == review.id }.count), "submitted_at": "2024-05-01T10:00:00Z",
            "updated_at": "2024-05-01T10:00:00Z", "html_url": .string(web + "#issuecomment-\(review.id)"), "pull_request_url": .string(web),
        ]
    }

    func reviewCommentJSON(_ comment: FakeComment, call: FakeCall) -> FakeJSON {
        let web = "https://gitea.example/\(owner)/\(name)/pulls/\(comment.pullRequest)"
        return [
            "id": .int(comment.id), "body": .string(comment.body), "user": Self.user(Self.botLogin), "resolver": nil,
            "pull_request_review_id": .number(comment.groupID), "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
            "path": .text(comment.path), "commit_id": .text(comment.commitID), "original_commit_id": .text(comment.commitID),
            "diff_hunk": "@@ -1,8 +1,10 @@", "position": .number(comment.line), "original_position": 0,
            "html_url": .string(web + "/files#issuecomment-\(comment.id)"), "pull_request_url": .string(web),
        ]
    }

    func issueCommentJSON(_ comment: FakeComment) -> FakeJSON {
        let web = "https://gitea.example/\(owner)/\(name)/pulls/\(comment.pullRequest)"
        return [
            "id": .int(comment.id), "html_url": .string(web + "#issuecomment-\(comment.id)"), "pull_request_url": .string(web),
            "issue_url": "", "user": Self.user(Self.botLogin), "original_author": "", "original_author_id": 0,
            "body": .string(comment.body), "assets": [], "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
        ]
    }
}
