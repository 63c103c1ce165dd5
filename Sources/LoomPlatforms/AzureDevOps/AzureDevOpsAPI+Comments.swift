// AzureDevOpsAPI+Comments: one thread per inline comment, the summary thread, Loom's threads.

public import LoomCore

extension AzureDevOpsAPI {
    /// `POST …/pullRequests/{id}/threads` per comment: an active (`status: 1`) thread whose
    /// `threadContext` anchors it on the right (new) side, `rightFileStart`/`rightFileEnd` at the
    /// line with `offset: 1`, and `filePath` from the repository root with a leading `/`.
    public func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                                   comments: [InlineComment]) async throws -> [CommentResult] {
        let url = transport.url(try pullPath(ref) + "/threads", [Self.apiVersion])
        var results: [CommentResult] = []
        for comment in comments {
            do {
                let thread = try await transport.write("POST", url, json: Self.threadBody(comment.body, anchor: comment))
                results.append(.posted(id: thread.identifier(at: "id") ?? ""))
            } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
                results.append(.rejected(reason: CommentPosting.reason(error)))
            }
        }
        return results
    }

    /// A new thread with one text comment (`commentType: 1`), anchored when `anchor` is given.
    static func threadBody(_ content: String, anchor: InlineComment?) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.beginArray("comments")
        writer.beginObject()
        writer.field("parentCommentId", 0)
        writer.field("content", content)
        writer.field("commentType", 1)
        writer.endObject()
        writer.endArray()
        writer.field("status", 1)
        if let anchor {
            writer.beginObject("threadContext")
            writer.field("filePath", "/" + anchor.path.drop { $0 == "/" })
            for side in ["rightFileStart", "rightFileEnd"] {
                writer.beginObject(side)
                writer.field("line", anchor.line)
                writer.field("offset", 1)
                writer.endObject()
            }
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }

    /// The summary is a thread without `threadContext`. Editing changes its comment in place
    /// (`PATCH …/threads/{threadId}/comments/{commentId}`); ids are `thread` or `thread/comment`.
    public func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String {
        let threads = try pullPath(ref) + "/threads"
        if let existing, existing.kind == .summary, !existing.id.isEmpty {
            let parts = existing.id.split(separator: "/")
            let thread = String(parts[0]), comment = parts.count > 1 ? String(parts[1]) : "1"
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("content", body)
            writer.endObject()
            do {
                let url = transport.url(threads + "/\(APIURL.encode(thread))/comments/\(APIURL.encode(comment))", [Self.apiVersion])
                _ = try await transport.write("PATCH", url, json: writer.bytes)
                return existing.id
            } catch let error as PlatformAPIError where error.status == 404 {
                // Deleted by someone; start a fresh thread.
            }
        }
        let created = try await transport.write("POST", transport.url(threads, [Self.apiVersion]), json: Self.threadBody(body, anchor: nil))
        return created.identifier(at: "id") ?? ""
    }

    /// Threads with a comment containing `marker` (`GET …/threads`, deleted ones skipped).
    /// Threads with a `threadContext` are inline: their file (without the leading `/`) and right
    /// side line.
    public func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment] {
        let threads = try await threadList(pull: try pullPath(ref))
        return threads.compactMap { thread in
            guard thread.flag(at: "isDeleted") != true, let threadID = thread.identifier(at: "id"),
                  let comment = thread["comments"]?.elements.first(where: {
                      $0.flag(at: "isDeleted") != true && ($0.text(at: "content")?.contains(marker) ?? false)
                  }),
                  let body = comment.text(at: "content") else { return nil }
            let commentID = comment.identifier(at: "id") ?? "1"
            let id = commentID == "1" ? threadID : "\(threadID)/\(commentID)"
            guard let context = thread.member(at: "threadContext"), context.kind == .object,
                  let path = context.text(at: "filePath") else {
                return ExistingComment(id: id, kind: .summary, body: body)
            }
            return ExistingComment(id: id, kind: .inline, body: body, path: Self.trimmed(path),
                                   line: context.integer(at: "rightFileStart", "line") ?? context.integer(at: "leftFileStart", "line"))
        }
    }

    /// Every thread of the PR. Azure returns them all at once; a continuation token, when sent
    /// (`x-ms-continuationtoken`), asks for the rest.
    func threadList(pull: String) async throws -> [JSONValue] {
        let base = pull + "/threads"
        let first = transport.url(base, [Self.apiVersion])
        return try await transport.pages(first, items: APITransport.wrappedItems("value")) { response, _ in
            guard let token = response.header("x-ms-continuationtoken"), !token.isEmpty else { return nil }
            return transport.url(base, [("continuationToken", token), Self.apiVersion])
        }
    }
}
