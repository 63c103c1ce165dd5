// BitbucketAPI+Comments: one comment per inline finding, the summary comment, Loom's comments.

public import LoomCore

extension BitbucketAPI {
    /// `POST /repositories/{ws}/{slug}/pullrequests/{id}/comments` per comment with
    /// `{"content": {"raw"}, "inline": {"path", "to": <new line>}}`; Bitbucket has no batch review.
    public func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                                   comments: [InlineComment]) async throws -> [CommentResult] {
        let url = transport.url(try pullPath(ref) + "/comments")
        var results: [CommentResult] = []
        for comment in comments {
            var writer = JSONWriter()
            writer.beginObject()
            writer.beginObject("content")
            writer.field("raw", comment.body)
            writer.endObject()
            writer.beginObject("inline")
            writer.field("path", comment.path)
            writer.field("to", comment.line)
            writer.endObject()
            writer.endObject()
            do {
                let created = try await transport.write("POST", url, json: writer.bytes)
                results.append(.posted(id: created.identifier(at: "id") ?? ""))
            } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
                results.append(.rejected(reason: CommentPosting.reason(error)))
            }
        }
        return results
    }

    /// The summary is a comment without `inline`: `PUT …/comments/{id}` when it exists
    /// (recreated if deleted), else `POST …/comments`.
    public func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String {
        let comments = try pullPath(ref) + "/comments"
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginObject("content")
        writer.field("raw", body)
        writer.endObject()
        writer.endObject()
        if let existing, existing.kind == .summary, !existing.id.isEmpty {
            do {
                let edited = try await transport.write("PUT", transport.url(comments + "/" + APIURL.encode(existing.id)), json: writer.bytes)
                return edited.identifier(at: "id") ?? existing.id
            } catch let error as PlatformAPIError where error.status == 404 {
                // Deleted by someone; post a fresh one.
            }
        }
        let created = try await transport.write("POST", transport.url(comments), json: writer.bytes)
        return created.identifier(at: "id") ?? ""
    }

    /// Comments containing `marker` (`GET …/comments?pagelen=100`, deleted ones skipped). The
    /// `next` URL of each page is followed only when it is under the configured base URL.
    public func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment] {
        let first = transport.url(try pullPath(ref) + "/comments", [("pagelen", "100")])
        let items = try await transport.pages(first, items: APITransport.wrappedItems("values")) { _, page in page.text(at: "next") }
        return items.compactMap { item in
            guard item.flag(at: "deleted") != true, let body = item.text(at: "content", "raw"), body.contains(marker),
                  let id = item.identifier(at: "id") else { return nil }
            guard let inline = item.member(at: "inline"), inline.kind == .object else {
                return ExistingComment(id: id, kind: .summary, body: body)
            }
            return ExistingComment(id: id, kind: .inline, body: body, path: inline.text(at: "path"), line: inline.integer(at: "to"))
        }
    }
}
