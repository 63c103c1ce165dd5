// GitHubAPI+Comments: one submitted review for inline comments, the summary issue comment, Loom's comments.

public import LoomCore
internal import LoomHTTPClient

extension GitHubAPI {
    /// One review, `POST /repos/{o}/{r}/pulls/{n}/reviews` with `event: "COMMENT"` (submitted, not
    /// left pending) and `comments[{path, body, line, side: "RIGHT"}]`. GitHub refuses the whole
    /// review with 422 when any line is outside the diff; then each comment is posted alone with
    /// `POST /pulls/{n}/comments`, so the others still land and the bad one is reported.
    public func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                                   comments: [InlineComment]) async throws -> [CommentResult] {
        guard !comments.isEmpty else { return [] }
        let pull = try repositoryPath(ref) + "/pulls/\(ref.number)"
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("commit_id", info.headSHA)
        writer.field("event", "COMMENT")
        writer.field("body", CommentPosting.reviewBody(count: comments.count))
        writer.beginArray("comments")
        for comment in comments {
            writer.beginObject()
            writer.field("path", comment.path)
            writer.field("body", comment.body)
            writer.field("line", comment.line)
            writer.field("side", "RIGHT")
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        let review: JSONValue
        do {
            review = try await transport.write("POST", transport.url(pull + "/reviews"), json: writer.bytes)
        } catch let error as PlatformAPIError where error.status == 422 {
            return try await postOneByOne(pull: pull, info: info, comments: comments)
        }
        guard let reviewID = review.identifier(at: "id") else {
            return comments.map { _ in .posted(id: "") }
        }
        return await commentIDs(pull: pull, reviewID: reviewID, comments: comments)
    }

    /// The fallback: `POST /pulls/{n}/comments` per comment; 400/422 marks that one rejected.
    func postOneByOne(pull: String, info: PullRequestInfo, comments: [InlineComment]) async throws -> [CommentResult] {
        var results: [CommentResult] = []
        for comment in comments {
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("body", comment.body)
            writer.field("commit_id", info.headSHA)
            writer.field("path", comment.path)
            writer.field("line", comment.line)
            writer.field("side", "RIGHT")
            writer.endObject()
            do {
                let created = try await transport.write("POST", transport.url(pull + "/comments"), json: writer.bytes)
                results.append(.posted(id: created.identifier(at: "id") ?? ""))
            } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
                results.append(.rejected(reason: CommentPosting.reason(error)))
            }
        }
        return results
    }

    /// The created review's comment ids (`GET /pulls/{n}/reviews/{id}/comments`), matched to the
    /// requested comments by path, line and body. The review itself answers only its own id; if
    /// the listing fails the review id stands in, since the comments did post.
    func commentIDs(pull: String, reviewID: String, comments: [InlineComment]) async -> [CommentResult] {
        let first = transport.url(pull + "/reviews/\(reviewID)/comments", [("per_page", "100")])
        var listed = (try? await transport.pages(first, items: APITransport.arrayItems) { response, _ in
            APITransport.nextLink(response)
        }) ?? []
        return comments.map { comment in
            let index = listed.firstIndex { item in
                item.text(at: "path") == comment.path && item.text(at: "body") == comment.body
                    && (item.integer(at: "line") ?? item.integer(at: "original_line")).map { $0 == comment.line } != false
            }
            guard let index, let id = listed[index].identifier(at: "id") else { return .posted(id: reviewID) }
            listed.remove(at: index)
            return .posted(id: id)
        }
    }

    /// The summary is an issue comment: `PATCH /repos/{o}/{r}/issues/comments/{id}` when it
    /// exists (recreated if it was deleted), else `POST /repos/{o}/{r}/issues/{n}/comments`.
    public func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String {
        try await transport.upsertIssueComment(repository: try repositoryPath(ref), number: ref.number, body: body, existing: existing)
    }

    /// Issue comments (summaries) and review comments (inline) whose body contains `marker`,
    /// `per_page=100` pages followed through `Link: rel="next"`.
    public func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment] {
        let repository = try repositoryPath(ref)
        let next: (HTTPClientResponse, JSONValue) -> String? = { response, _ in APITransport.nextLink(response) }
        let issueComments = try await transport.pages(
            transport.url(repository + "/issues/\(ref.number)/comments", [("per_page", "100")]), items: APITransport.arrayItems, next: next)
        let reviewComments = try await transport.pages(
            transport.url(repository + "/pulls/\(ref.number)/comments", [("per_page", "100")]), items: APITransport.arrayItems, next: next)
        var found: [ExistingComment] = []
        for item in issueComments {
            guard let body = item.text(at: "body"), body.contains(marker), let id = item.identifier(at: "id") else { continue }
            found.append(ExistingComment(id: id, kind: .summary, body: body))
        }
        for item in reviewComments {
            guard let body = item.text(at: "body"), body.contains(marker), let id = item.identifier(at: "id") else { continue }
            found.append(ExistingComment(id: id, kind: .inline, body: body, path: item.text(at: "path"),
                                         line: item.integer(at: "line") ?? item.integer(at: "original_line")))
        }
        return found
    }
}
