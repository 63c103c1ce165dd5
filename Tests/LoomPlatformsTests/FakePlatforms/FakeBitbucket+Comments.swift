// FakeBitbucket+Comments: pull request comments, inline ones refused with 400 off the diff, paged by `next`.

import LoomCore
import LoomHTTP

extension FakeBitbucket {
    func commentRoutes() {
        let comments = repository + "/pullrequests/{id}/comments"
        server.on("POST", comments) { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Resource not found") }
            guard let json = call.json, let raw = json["content"]?["raw"]?.string, !raw.isEmpty else {
                return Self.error(400, "Bad request", detail: "content.raw: This field is required.")
            }
            guard let inline = json["inline"], !inline.isNull else {
                return FakeResponse.json(201, commentJSON(store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .summary, body: raw)),
                                                          call: call))
            }
            guard let path = inline["path"]?.string, let line = inline["to"]?.int, pull.isCommentable(path: path, line: line) else {
                return Self.error(400, "Bad request", detail: "inline: line \(inline["to"]?.int ?? 0) is not part of the diff")
            }
            let stored = store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: raw, path: path, line: line))
            return FakeResponse.json(201, commentJSON(stored, call: call))
        }
        server.on("GET", comments) { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Resource not found") }
            let items = store.comments(on: pull.number).map { commentJSON($0, call: call) }
            let size = min(Int(call.query("pagelen") ?? "") ?? 10, 100, store.options.pageSize)
            let page = Int(call.query("page") ?? "") ?? 1
            let slice = FakeCall.page(items, page: page, size: size)
            var members: [(String, FakeJSON)] = [("pagelen", .int(size)), ("size", .int(items.count)), ("page", .int(page)),
                                                 ("values", .array(slice.items))]
            if page == 1, let foreign = store.options.foreignNextURL {
                members.append(("next", .string(foreign)))
            } else if let next = slice.next {
                members.append(("next", .string(call.baseURL + "/repositories/\(workspace)/\(slug)/pullrequests/\(pull.number)/comments?pagelen=\(size)&page=\(next)")))
            }
            return FakeResponse.json(200, .object(members))
        }
        server.on("PUT", comments + "/{comment}") { [unowned self] call in
            guard pull(call) != nil, let id = call.int("comment"), let raw = call.json?["content"]?["raw"]?.string,
                  let edited = store.edit(id, body: raw) else { return Self.error(404, "Resource not found") }
            return FakeResponse.json(200, commentJSON(edited, call: call))
        }
    }

    func commentJSON(_ comment: FakeComment, call: FakeCall) -> FakeJSON {
        let pullURL = call.baseURL + "/repositories/\(workspace)/\(slug)/pullrequests/\(comment.pullRequest)"
        var members: [(String, FakeJSON)] = [
            ("id", .int(comment.id)), ("created_on", "2024-05-01T10:00:00.000000+00:00"), ("updated_on", "2024-05-01T10:00:00.000000+00:00"),
            ("content", ["type": "rendered", "raw": .string(comment.body), "markup": "markdown", "html": .string("<p>\(comment.body)</p>")]),
            ("user", ["display_name": "Loom", "type": "user", "nickname": .string(username)]), ("deleted", false), ("pending", false),
            ("type", "pullrequest_comment"),
            ("links", ["self": ["href": .string(pullURL + "/comments/\(comment.id)")],
                       "html": ["href": .string("https://bitbucket.org/\(workspace)/\(slug)/pull-requests/\(comment.pullRequest)/_/diff#comment-\(comment.id)")]]),
            ("pullrequest", ["type": "pullrequest", "id": .int(comment.pullRequest), "links": ["self": ["href": .string(pullURL)]]]),
        ]
        if comment.kind == .inline {
            members.append(("inline", ["from": nil, "to": .number(comment.line), "path": .text(comment.path)]))
        }
        return .object(members)
    }
}
