// FakeGitea: a local Gitea / Forgejo API v1 — pulls, `.diff`, raw files, reviews and issue comments.

import LoomCore
import LoomHTTP
import LoomHTTPClient
import LoomPlatforms

/// Gitea's shapes for one repository, `Authorization: token …` required. Reviews carry
/// comments with `new_position`/`old_position` file line numbers.
final class FakeGitea: FakePlatform {
    let platform = Platform.gitea
    let server: FakeServer
    let store = FakeStore()
    let owner: String
    let name: String
    let token: String

    init(owner: String = "gitea", name: String = "webhooks", token: String = "gitea-test-token") {
        self.owner = owner
        self.name = name
        self.token = token
        let expected = "token " + token
        let swagger = "/api/swagger"
        server = FakeServer(prefix: "/api/v1", authenticate: { request in
            request.headers["Authorization"] == expected ? nil
                : FakeResponse.json(401, ["message": "token is required", "url": .string(swagger)])
        }, notFound: { FakeGitea.error(404, "The target couldn't be found.") })
        pullRoutes()
        reviewRoutes()
    }

    var configuration: PlatformAPIConfiguration {
        var configuration = PlatformAPIConfiguration.gitea(token: token, baseURL: baseURL)
        configuration.retry = HTTPRetryPolicy(maxRetries: 0)
        return configuration
    }

    func ref(_ number: Int) -> PullRequestRef {
        PullRequestRef(platform: .gitea, fullName: "\(owner)/\(name)", number: number, platformID: "42",
                       attributes: [WebhookAttribute.owner: owner, WebhookAttribute.name: name])
    }

    /// Gitea's API error: `{"message", "url"}` (plus `errors` for validation failures).
    static func error(_ status: Int, _ message: String, errors: [String]? = nil) -> HTTPResponse {
        var members: [(String, FakeJSON)] = [("message", .string(message)), ("url", "/api/swagger")]
        if let errors { members.insert(("errors", .array(errors.map(FakeJSON.string))), at: 0) }
        return FakeResponse.json(status, .object(members))
    }

    static func user(_ login: String) -> FakeJSON {
        ["id": 1, "login": .string(login), "login_name": "", "full_name": "", "email": .string("\(login)@noreply.example"),
         "username": .string(login)]
    }

    func pull(_ call: FakeCall, number: Int? = nil) -> FakePullRequest? {
        guard call["owner"] == owner, call["repo"] == name, let number = number ?? call.int("index") else { return nil }
        return store.pull(number)
    }

    private func pullRoutes() {
        server.on("GET", "/repos/{owner}/{repo}/pulls/{index}") { [unowned self] call in
            // `/pulls/7.diff` arrives on the same route: Gitea's router treats the suffix the same way.
            let index = call["index"]
            if index.hasSuffix(".diff") {
                guard let pull = pull(call, number: Int(index.dropLast(5))) else { return Self.error(404, "The target couldn't be found.") }
                return FakeResponse.text(200, pull.diff)
            }
            guard let pull = pull(call) else { return Self.error(404, "The target couldn't be found.") }
            return FakeResponse.json(200, pullJSON(pull, call: call))
        }
        server.on("GET", "/repos/{owner}/{repo}/raw/{*path}") { [unowned self] call in
            guard call["owner"] == owner, let bytes = store.file(call["path"], at: call.query("ref") ?? "") else {
                return Self.error(404, "The target couldn't be found.")
            }
            return FakeResponse.bytes(200, bytes, contentType: "text/plain; charset=utf-8")
        }
    }

    private func pullJSON(_ pull: FakePullRequest, call: FakeCall) -> FakeJSON {
        let web = "https://gitea.example/\(owner)/\(name)/pulls/\(pull.number)"
        let repository: FakeJSON = ["id": 42, "name": .string(name), "full_name": .string("\(owner)/\(name)"), "owner": Self.user(owner)]
        return [
            "id": .int(5000 + pull.number), "url": .string(web), "number": .int(pull.number), "user": Self.user(pull.author),
            "title": .string(pull.title), "body": .string(pull.description), "labels": [], "state": pull.state == "open" ? "open" : "closed",
            "draft": .bool(pull.isDraft), "is_locked": false, "comments": 0, "html_url": .string(web), "diff_url": .string(web + ".diff"),
            "patch_url": .string(web + ".patch"), "mergeable": true, "merged": .bool(pull.state == "merged"),
            "merged_at": pull.state == "merged" ? "2024-05-01T10:00:00Z" : nil, "merge_commit_sha": nil,
            "base": ["label": .string(pull.targetBranch), "ref": .string(pull.targetBranch), "sha": "9999999999999999999999999999999999999999",
                     "repo_id": 42, "repo": repository],
            "head": ["label": .string(pull.sourceBranch), "ref": .string(pull.sourceBranch), "sha": .string(pull.headSHA),
                     "repo_id": 42, "repo": repository],
            "merge_base": .string(pull.baseSHA), "created_at": "2024-05-01T10:00:00Z", "updated_at": "2024-05-01T10:00:00Z",
        ]
    }

    /// A page per Gitea's `page`/`limit` (default and max 50), with `Link` and `X-Total-Count`.
    func paged(_ items: [FakeJSON], call: FakeCall) -> HTTPResponse {
        let size = min(Int(call.query("limit") ?? "") ?? 50, 50, store.options.pageSize)
        let page = Int(call.query("page") ?? "") ?? 1
        let slice = FakeCall.page(items, page: page, size: size)
        var headers: [(name: String, value: String)] = [("X-Total-Count", String(items.count))]
        if page == 1, let foreign = store.options.foreignNextURL {
            headers.append(("Link", "<\(foreign)>; rel=\"next\""))
        } else if let next = slice.next {
            headers.append(("Link", "<\(call.baseURL + call.request.path.dropFirst(server.prefix.count))?limit=\(size)&page=\(next)>; rel=\"next\""))
        }
        return FakeResponse.json(200, .array(slice.items), headers: headers)
    }
}
