// GiteaAPI+Comments: one submitted review for inline comments, the summary issue comment, Loom's comments.

public import LoomCore
internal import LoomHTTPClient

extension GiteaAPI {
    /// One review, `POST /repos/{o}/{r}/pulls/{index}/reviews` with `event: "COMMENT"`, the head
    /// `commit_id` and `comments[{path, body, new_position: <new-file line>, old_position: 0}]`
    /// (positions are file line numbers, not diff offsets). If the server refuses the review
    /// (400/422), each comment goes in a review of its own so one bad line cannot sink the rest.
    public func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                                   comments: [InlineComment]) async throws -> [CommentResult] {
        guard !comments.isEmpty else { return [] }
        let pull = try repositoryPath(ref) + "/pulls/\(ref.number)"
        do {
            let review = try await transport.write("POST", transport.url(pull + "/reviews"),
                                                   json: Self.reviewBody(comments, commit: info.headSHA))
            return await commentIDs(pull: pull, review: review, comments: comments)
        } catch let error as PlatformAPIError where CommentPosting.isRejection(error) && comments.count > 1 {
            var results: [CommentResult] = []
            for comment in comments {
                do {
                    let review = try await transport.write("POST", transport.url(pull + "/reviews"),
                                                           json: Self.reviewBody([comment], commit: info.headSHA))
                    results += await commentIDs(pull: pull, review: review, comments: [comment])
                } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
                    results.append(.rejected(reason: CommentPosting.reason(error)))
                }
            }
            return results
        } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
            return [.rejected(reason: CommentPosting.reason(error))]
        }
    }

    /// The review JSON for `comments`.
    static func reviewBody(_ comments: [InlineComment], commit: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("event", "COMMENT")
        writer.field("commit_id", commit)
        writer.field("body", CommentPosting.reviewBody(count: comments.count))
        writer.beginArray("comments")
        for comment in comments {
            writer.beginObject()
            writer.field("path", comment.path)
            writer.field("body", comment.body)
            writer.field("new_position", comment.line)
            writer.field("old_position", 0)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// The review's comment ids (`GET …/reviews/{id}/comments`), matched by path and body; the
    /// review id stands in when the listing fails, since the comments did post.
    func commentIDs(pull: String, review: JSONValue, comments: [InlineComment]) async -> [CommentResult] {
        let reviewID = review.identifier(at: "id") ?? ""
        var listed = reviewID.isEmpty ? [] : ((try? await transport.getJSONValue(
            transport.url(pull + "/reviews/\(reviewID)/comments")))?.elements ?? [])
        return comments.map { comment in
            guard let index = listed.firstIndex(where: { $0.text(at: "path") == comment.path && $0.text(at: "body") == comment.body }),
                  let id = listed[index].identifier(at: "id") else { return .posted(id: reviewID) }
            listed.remove(at: index)
            return .posted(id: id)
        }
    }

    /// The summary is an issue comment: `PATCH /repos/{o}/{r}/issues/comments/{id}` when it
    /// exists (recreated if deleted), else `POST /repos/{o}/{r}/issues/{index}/comments`.
    public func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String {
        try await transport.upsertIssueComment(repository: try repositoryPath(ref), number: ref.number, body: body, existing: existing)
    }

    /// Issue comments (summaries) and review comments (inline) whose body contains `marker`.
    /// Gitea lists review comments per review, so every review's comments are read.
    public func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment] {
        let repository = try repositoryPath(ref)
        let pull = repository + "/pulls/\(ref.number)"
        let next: (HTTPClientResponse, JSONValue) -> String? = { response, _ in APITransport.nextLink(response) }
        let issueComments = try await transport.pages(
            transport.url(repository + "/issues/\(ref.number)/comments", [("limit", "50")]), items: APITransport.arrayItems, next: next)
        var found: [ExistingComment] = issueComments.compactMap { item in
            guard let body = item.text(at: "body"), body.contains(marker), let id = item.identifier(at: "id") else { return nil }
            return ExistingComment(id: id, kind: .summary, body: body)
        }
        let reviews = try await transport.pages(transport.url(pull + "/reviews", [("limit", "50")]),
                                                items: APITransport.arrayItems, next: next)
        for review in reviews {
            guard let reviewID = review.identifier(at: "id"), (review.integer(at: "comments_count") ?? 1) > 0 else { continue }
            let items = try await transport.getJSONValue(transport.url(pull + "/reviews/\(reviewID)/comments")).elements
            for item in items {
                guard let body = item.text(at: "body"), body.contains(marker), let id = item.identifier(at: "id") else { continue }
                let line = item.integer(at: "position").flatMap { $0 > 0 ? $0 : nil }
                found.append(ExistingComment(id: id, kind: .inline, body: body, path: item.text(at: "path"), line: line))
            }
        }
        return found
    }
}
