// APITransport+IssueComments: the summary as an issue comment, edited in place — the shape GitHub and Gitea share.

import LoomCore

extension APITransport {
    /// `PATCH {repository}/issues/comments/{id}` when the summary exists (recreated if someone
    /// deleted it), else `POST {repository}/issues/{number}/comments`. Returns the comment id.
    func upsertIssueComment(repository: String, number: Int, body: String, existing: ExistingComment?) async throws -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("body", body)
        writer.endObject()
        if let existing, existing.kind == .summary, !existing.id.isEmpty {
            do {
                let edited = try await write("PATCH", url(repository + "/issues/comments/" + APIURL.encode(existing.id)), json: writer.bytes)
                return edited.identifier(at: "id") ?? existing.id
            } catch let error as PlatformAPIError where error.status == 404 {
                // Someone deleted it; post a fresh one below.
            }
        }
        let created = try await write("POST", url(repository + "/issues/\(number)/comments"), json: writer.bytes)
        return created.identifier(at: "id") ?? ""
    }
}
