// FakeGitLab+Notes: diff discussions (refused with 400 when the position is not a line of the diff) and notes.

import LoomCore
import LoomHTTP

extension FakeGitLab {
    func noteRoutes() {
        let mr = "/projects/{id}/merge_requests/{iid}"
        server.on("POST", mr + "/discussions") { [unowned self] call in createDiscussion(call) }
        server.on("GET", mr + "/notes") { [unowned self] call in
            guard let pull = mergeRequest(call) else { return Self.error(404, "404 Not found") }
            return paged(store.comments(on: pull.number).map { noteJSON($0) }, call: call)
        }
        server.on("POST", mr + "/notes") { [unowned self] call in
            guard let pull = mergeRequest(call) else { return Self.error(404, "404 Not found") }
            guard let body = call.json?["body"]?.string, !body.isEmpty else { return Self.error(400, "400 Bad request - body is missing") }
            return FakeResponse.json(201, noteJSON(store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .summary, body: body))))
        }
        server.on("PUT", mr + "/notes/{note}") { [unowned self] call in
            guard mergeRequest(call) != nil, let id = call.int("note"), let body = call.json?["body"]?.string,
                  let edited = store.edit(id, body: body) else { return Self.error(404, "404 Not found") }
            return FakeResponse.json(200, noteJSON(edited))
        }
    }

    /// GitLab's refusal of a position that does not resolve to a diff line.
    static let lineCodeError = "400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}"

    /// `POST …/discussions` with a text position: the SHAs must be the MR's `diff_refs`, the paths
    /// a file of the diff, `new_line` a commentable line, and `old_line` present exactly when that
    /// line is unchanged context (with its old number).
    private func createDiscussion(_ call: FakeCall) -> HTTPResponse {
        guard let pull = mergeRequest(call) else { return Self.error(404, "404 Not found") }
        guard let json = call.json, let body = json["body"]?.string, let position = json["position"] else {
            return Self.error(400, "400 Bad request - body is missing")
        }
        guard position["position_type"]?.string == "text", position["base_sha"]?.string == pull.baseSHA,
              position["start_sha"]?.string == (pull.startSHA ?? pull.baseSHA), position["head_sha"]?.string == pull.headSHA,
              let newPath = position["new_path"]?.string, let oldPath = position["old_path"]?.string,
              let file = pull.parsedDiff.file(newPath), (file.oldPath ?? file.path) == oldPath else {
            return Self.error(400, Self.lineCodeError)
        }
        let newLine = position["new_line"]?.int
        let oldLine = position["old_line"].flatMap { $0.isNull ? nil : $0.int }
        guard let newLine, let line = pull.diffLine(path: newPath, newLine: newLine) else {
            return Self.error(400, Self.lineCodeError)
        }
        switch line.kind {
        case .context where oldLine == line.oldLine: break
        case .added where oldLine == nil: break
        default: return Self.error(400, Self.lineCodeError)
        }
        let note = store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: body, path: newPath, line: newLine,
                                            oldLine: oldLine, groupID: store.nextID(), commitID: pull.headSHA))
        // Discussion ids are 40 hex digits, unlike note ids.
        let hex = String(note.id, radix: 16)
        return FakeResponse.json(201, [
            "id": .string(String(repeating: "0", count: 40 - hex.count) + hex), "individual_note": false, "notes": [noteJSON(note)],
        ])
    }

    func noteJSON(_ note: FakeComment) -> FakeJSON {
        var members: [(String, FakeJSON)] = [
            ("id", .int(note.id)), ("type", note.kind == .inline ? "DiffNote" : nil), ("body", .string(note.body)), ("attachment", nil),
            ("author", ["id": 1, "username": "loom-bot", "name": "Loom", "state": "active"]),
            ("created_at", "2024-05-01T10:00:00.000Z"), ("updated_at", "2024-05-01T10:00:00.000Z"), ("system", false),
            ("noteable_id", .int(90_000 + note.pullRequest)), ("noteable_type", "MergeRequest"), ("noteable_iid", .int(note.pullRequest)),
            ("resolvable", .bool(note.kind == .inline)), ("confidential", false), ("internal", false),
        ]
        if note.kind == .inline, let pull = store.pull(note.pullRequest) {
            let oldPath = pull.parsedDiff.file(note.path ?? "")?.oldPath ?? note.path
            members.append(("position", [
                "base_sha": .string(pull.baseSHA), "start_sha": .string(pull.startSHA ?? pull.baseSHA), "head_sha": .string(pull.headSHA),
                "old_path": .text(oldPath), "new_path": .text(note.path), "position_type": "text",
                "old_line": .number(note.oldLine), "new_line": .number(note.line), "line_range": nil,
            ]))
            members.append(("resolved", false))
        }
        return .object(members)
    }
}
