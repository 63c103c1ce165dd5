// GitLabAPI+Comments: one diff discussion per inline comment, the summary note, Loom's notes.

public import LoomCore

extension GitLabAPI {
    /// `POST /projects/:id/merge_requests/:iid/discussions` per comment, anchored with a text
    /// `position`: the three `diff_refs` SHAs, both paths, `new_line`, and — for an unchanged
    /// context line — its `old_line` too (GitLab refuses a context line given by one side only).
    /// GitLab has no batch review endpoint a bot can submit in one call.
    public func postInlineComments(_ ref: PullRequestRef, info: PullRequestInfo, diff: Diff,
                                   comments: [InlineComment]) async throws -> [CommentResult] {
        let url = transport.url(mergeRequestPath(ref) + "/discussions")
        var results: [CommentResult] = []
        for comment in comments {
            let body = Self.discussionBody(comment, info: info, file: diff.file(comment.path))
            do {
                let discussion = try await transport.write("POST", url, json: body)
                let id = discussion["notes"]?[0]?.identifier(at: "id") ?? discussion.identifier(at: "id") ?? ""
                results.append(.posted(id: id))
            } catch let error as PlatformAPIError where CommentPosting.isRejection(error) {
                results.append(.rejected(reason: CommentPosting.reason(error)))
            }
        }
        return results
    }

    /// The discussion JSON for one comment.
    static func discussionBody(_ comment: InlineComment, info: PullRequestInfo, file: FileDiff?) -> [UInt8] {
        let newPath = file?.newPath ?? comment.path
        let oldPath = file?.oldPath ?? newPath
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("body", comment.body)
        writer.beginObject("position")
        writer.field("position_type", "text")
        writer.field("base_sha", info.baseSHA)
        writer.field("start_sha", info.startSHA ?? info.baseSHA)
        writer.field("head_sha", info.headSHA)
        writer.field("old_path", oldPath)
        writer.field("new_path", newPath)
        writer.field("new_line", comment.line)
        if let line = file?.line(atNewLine: comment.line)?.line, line.kind == .context, let old = line.oldLine {
            writer.field("old_line", old)
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }

    /// The summary is a merge request note: `PUT …/notes/:note_id` when it exists (recreated if
    /// deleted), else `POST /projects/:id/merge_requests/:iid/notes`.
    public func upsertSummary(_ ref: PullRequestRef, body: String, existing: ExistingComment?) async throws -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("body", body)
        writer.endObject()
        let notes = mergeRequestPath(ref) + "/notes"
        if let existing, existing.kind == .summary, !existing.id.isEmpty {
            do {
                let edited = try await transport.write("PUT", transport.url(notes + "/" + APIURL.encode(existing.id)), json: writer.bytes)
                return edited.identifier(at: "id") ?? existing.id
            } catch let error as PlatformAPIError where error.status == 404 {
                // Deleted by someone; post a fresh one.
            }
        }
        let created = try await transport.write("POST", transport.url(notes), json: writer.bytes)
        return created.identifier(at: "id") ?? ""
    }

    /// Notes containing `marker` (`GET …/notes`, every page), system notes skipped. Diff notes
    /// are inline, with their `position.new_path`/`new_line`.
    public func loomComments(_ ref: PullRequestRef, marker: String) async throws -> [ExistingComment] {
        let notes = try await listing(mergeRequestPath(ref) + "/notes", query: [("sort", "asc"), ("order_by", "created_at")])
        return notes.compactMap { note in
            guard note.flag(at: "system") != true, let body = note.text(at: "body"), body.contains(marker),
                  let id = note.identifier(at: "id") else { return nil }
            let position = note.member(at: "position")
            guard note.text(at: "type") == "DiffNote" || position?.kind == .object else {
                return ExistingComment(id: id, kind: .summary, body: body)
            }
            return ExistingComment(id: id, kind: .inline, body: body,
                                   path: position?.text(at: "new_path") ?? position?.text(at: "old_path"),
                                   line: position?.integer(at: "new_line"))
        }
    }
}
