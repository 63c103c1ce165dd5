// FakeGitLab: a local GitLab REST v4 API — merge requests, hunk-only diffs, raw files, discussions and notes.

import LoomCore
import LoomHTTP
import LoomHTTPClient
import LoomPlatforms

/// GitLab's shapes for one project, reachable by numeric id or URL-encoded path, `PRIVATE-TOKEN`
/// required. Lists paginate with `page`/`per_page` and the `X-Next-Page` family of headers.
final class FakeGitLab: FakePlatform {
    let platform = Platform.gitlab
    let server: FakeServer
    let store = FakeStore()
    let projectID: Int
    let projectPath: String
    let token: String

    init(projectID: Int = 13083, projectPath: String = "gitlab-org/gitlab-foss", token: String = "glpat-test-token") {
        self.projectID = projectID
        self.projectPath = projectPath
        self.token = token
        server = FakeServer(prefix: "/api/v4", authenticate: { request in
            request.headers["PRIVATE-TOKEN"] == token ? nil : FakeGitLab.error(401, "401 Unauthorized")
        }, notFound: { FakeGitLab.error(404, "404 Not found") })
        mergeRequestRoutes()
        noteRoutes()
    }

    var configuration: PlatformAPIConfiguration {
        var configuration = PlatformAPIConfiguration.gitlab(token: token, baseURL: baseURL)
        configuration.retry = HTTPRetryPolicy(maxRetries: 0)
        return configuration
    }

    func ref(_ number: Int) -> PullRequestRef {
        PullRequestRef(platform: .gitlab, fullName: projectPath, number: number, platformID: String(projectID),
                       attributes: [WebhookAttribute.projectID: String(projectID)])
    }

    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        FakeResponse.json(status, ["message": .string(message)])
    }

    /// The merge request `:iid` of this project (`:id` given as number or path).
    func mergeRequest(_ call: FakeCall) -> FakePullRequest? {
        guard call["id"] == String(projectID) || call["id"] == projectPath, let iid = call.int("iid") else { return nil }
        return store.pull(iid)
    }

    private func mergeRequestRoutes() {
        server.on("GET", "/projects/{id}/merge_requests/{iid}") { [unowned self] call in
            guard let pull = mergeRequest(call) else { return Self.error(404, "404 Not found") }
            if let info = pull.infoJSON { return FakeResponse.bytes(200, info, contentType: "application/json") }
            return FakeResponse.json(200, mergeRequestJSON(pull, call: call))
        }
        server.on("GET", "/projects/{id}/merge_requests/{iid}/diffs") { [unowned self] call in
            guard let pull = mergeRequest(call) else { return Self.error(404, "404 Not found") }
            return paged(Self.diffEntries(pull), call: call)
        }
        server.on("GET", "/projects/{id}/repository/files/{path}/raw") { [unowned self] call in
            guard call["id"] == String(projectID) || call["id"] == projectPath,
                  let bytes = store.file(call["path"], at: call.query("ref") ?? "") else { return Self.error(404, "404 File Not Found") }
            return FakeResponse.bytes(200, bytes, contentType: "text/plain; charset=utf-8")
        }
    }

    /// `/diffs` elements: the fixture's own when set, else built from the diff text (hunks only,
    /// no `diff --git`/`---`/`+++` lines, as GitLab sends them).
    static func diffEntries(_ pull: FakePullRequest) -> [FakeJSON] {
        if let raw = pull.diffsJSON, let document = try? JSONDocument(bytes: raw) {
            return document.root.elements.map { .raw(Array($0.rawBytes)) }
        }
        return pull.parsedDiff.files.map { file in
            var hunks = ""
            for hunk in file.hunks { UnifiedDiffWriter.write(hunk, into: &hunks) }
            if file.isBinary { hunks = "Binary files differ\n" }
            return [
                "diff": .string(hunks), "new_path": .string(file.newPath ?? file.path), "old_path": .string(file.oldPath ?? file.path),
                "a_mode": file.status == .added ? "0" : "100644", "b_mode": file.status == .deleted ? "0" : "100644",
                "new_file": .bool(file.status == .added), "renamed_file": .bool(file.status == .renamed),
                "deleted_file": .bool(file.status == .deleted), "generated_file": false,
            ]
        }
    }

    private func mergeRequestJSON(_ pull: FakePullRequest, call: FakeCall) -> FakeJSON {
        let state = switch pull.state {
        case "merged": "merged"
        case "closed": "closed"
        default: "opened"
        }
        let web = "https://gitlab.com/\(projectPath)/-/merge_requests/\(pull.number)"
        return [
            "id": .int(90_000 + pull.number), "iid": .int(pull.number), "project_id": .int(projectID), "title": .string(pull.title),
            "description": .string(pull.description), "state": .string(state), "created_at": "2024-05-01T10:00:00.000Z",
            "target_branch": .string(pull.targetBranch), "source_branch": .string(pull.sourceBranch),
            "author": ["id": 443_319, "username": .string(pull.author), "name": "Test Author", "state": "active",
                       "web_url": .string("https://gitlab.com/\(pull.author)")],
            "source_project_id": .int(projectID), "target_project_id": .int(projectID), "draft": .bool(pull.isDraft),
            "work_in_progress": .bool(pull.isDraft), "merge_status": "can_be_merged", "sha": .string(pull.headSHA),
            "web_url": .string(web),
            "diff_refs": ["base_sha": .string(pull.baseSHA), "head_sha": .string(pull.headSHA),
                          "start_sha": .string(pull.startSHA ?? pull.baseSHA)],
        ]
    }

    /// A page per `page`/`per_page` (default 20, max 100) with GitLab's pagination headers.
    func paged(_ items: [FakeJSON], call: FakeCall) -> HTTPResponse {
        let size = min(Int(call.query("per_page") ?? "") ?? 20, 100, store.options.pageSize)
        let page = Int(call.query("page") ?? "") ?? 1
        let slice = FakeCall.page(items, page: page, size: size)
        var headers: [(name: String, value: String)] = [
            ("X-Page", String(page)), ("X-Per-Page", String(size)), ("X-Next-Page", slice.next.map(String.init) ?? ""),
            ("X-Prev-Page", page > 1 ? String(page - 1) : ""), ("X-Total", String(items.count)),
            ("X-Total-Pages", String(max(1, (items.count + size - 1) / size))),
        ]
        if let foreign = store.options.foreignNextURL {
            headers.append(("Link", "<\(foreign)>; rel=\"next\""))
        }
        return FakeResponse.json(200, .array(slice.items), headers: headers)
    }
}
