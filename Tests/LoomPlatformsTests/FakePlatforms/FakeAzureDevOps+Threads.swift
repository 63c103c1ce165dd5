// FakeAzureDevOps+Threads: pull request threads — created (refused with 400 off the diff), listed, comments edited.

import LoomCore
import LoomHTTP

extension FakeAzureDevOps {
    func threadRoutes() {
        let threads = repositoryPattern + "/pullRequests/{id}/threads"
        server.on("POST", threads) { [unowned self] call in createThread(call) }
        server.on("GET", threads) { [unowned self] call in
            guard let pull = pull(call) else { return Self.pullNotFound(call) }
            // Azure lists its own system threads (votes, pushes) alongside people's.
            let system: FakeJSON = [
                "id": 1, "publishedDate": "2016-11-01T16:30:31.6655471Z", "lastUpdatedDate": "2016-11-01T16:30:31.6655471Z",
                "comments": [["id": 1, "parentCommentId": 0, "content": "Normal Paulk voted 10", "commentType": "system"]],
                "status": nil, "threadContext": nil, "properties": [:], "isDeleted": false,
            ]
            let items = [system] + store.comments(on: pull.number).map { threadJSON($0, call: call) }
            return FakeResponse.json(200, ["value": .array(items), "count": .int(items.count)])
        }
        server.on("PATCH", threads + "/{thread}/comments/{comment}") { [unowned self] call in
            guard pull(call) != nil, let thread = call.int("thread"), call.int("comment") == 1, let content = call.json?["content"]?.string,
                  let edited = store.edit(thread, body: content) else {
                return Self.error(404, "TF401181: The pull request comment could not be found.", typeKey: "GitPullRequestCommentNotFoundException")
            }
            return FakeResponse.json(200, commentJSON(edited))
        }
    }

    /// `POST …/threads`: one text comment; a `threadContext` must name a `/`-rooted file of the
    /// diff and a commentable right-side line, with offsets from 1.
    private func createThread(_ call: FakeCall) -> HTTPResponse {
        guard let pull = pull(call) else { return Self.pullNotFound(call) }
        guard let json = call.json, let comment = json["comments"]?[0], let content = comment["content"]?.string, !content.isEmpty,
              comment["parentCommentId"]?.int == 0, comment["commentType"]?.int == 1, json["status"]?.int == 1 else {
            return Self.error(400, "The thread must have one text comment.", typeKey: "InvalidArgumentValueException")
        }
        guard let context = json["threadContext"], !context.isNull else {
            return FakeResponse.json(200, threadJSON(store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .summary, body: content)),
                                                     call: call))
        }
        guard let filePath = context["filePath"]?.string, filePath.hasPrefix("/"),
              let start = context["rightFileStart"]?["line"]?.int, let end = context["rightFileEnd"]?["line"]?.int, start == end,
              (context["rightFileStart"]?["offset"]?.int ?? 0) >= 1, (context["rightFileEnd"]?["offset"]?.int ?? 0) >= 1,
              pull.isCommentable(path: String(filePath.dropFirst()), line: start) else {
            return Self.error(400, "The thread context is not valid for this pull request's changes: \(context["filePath"]?.string ?? "?")",
                              typeKey: "InvalidArgumentValueException")
        }
        let stored = store.insert(FakeComment(id: 0, pullRequest: pull.number, kind: .inline, body: content,
                                              path: String(filePath.dropFirst()), line: start))
        return FakeResponse.json(200, threadJSON(stored, call: call))
    }

    func threadJSON(_ thread: FakeComment, call: FakeCall) -> FakeJSON {
        let href = call.baseURL + "/\(organization)/_apis/git/repositories/\(repositoryID)/pullRequests/\(thread.pullRequest)/threads/\(thread.id)"
        let context: FakeJSON = thread.kind == .inline
            ? ["filePath": .string("/" + (thread.path ?? "")), "rightFileStart": ["line": .number(thread.line), "offset": 1],
               "rightFileEnd": ["line": .number(thread.line), "offset": 1]]
            : nil
        return [
            "pullRequestThreadContext": nil, "id": .int(thread.id), "publishedDate": "2016-11-01T16:30:48.91Z",
            "lastUpdatedDate": "2016-11-01T16:30:48.91Z", "comments": [commentJSON(thread)], "status": "active",
            "threadContext": context, "properties": [:], "identities": nil, "isDeleted": false,
            "_links": ["self": ["href": .string(href)], "repository": ["href": .string(call.baseURL + "/\(organization)/_apis/git/repositories/\(repositoryID)")]],
        ]
    }

    func commentJSON(_ thread: FakeComment) -> FakeJSON {
        ["id": 1, "parentCommentId": 0,
         "author": ["id": "d6245f20-2af8-44f4-9451-8107cb2767db", "displayName": "Loom", "uniqueName": "loom@example.com"],
         "content": .string(thread.body), "publishedDate": "2016-11-01T16:30:48.91Z", "lastUpdatedDate": "2016-11-01T16:30:48.91Z",
         "lastContentUpdatedDate": "2016-11-01T16:30:48.91Z", "commentType": "text", "usersLiked": []]
    }
}
