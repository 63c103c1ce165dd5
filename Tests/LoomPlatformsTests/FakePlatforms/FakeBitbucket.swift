// FakeBitbucket: a local Bitbucket Cloud 2.0 API — pull requests, the 302'd diff, src files and comments.

import LoomCore
import LoomCrypto
import LoomHTTP
import LoomHTTPClient
import LoomPlatforms

/// Bitbucket Cloud's shapes for one repository (`workspace/slug`). Accepts HTTP Basic with the
/// user name and app password, or a Bearer access token. Commits appear as 12-character hashes,
/// as in the real API.
final class FakeBitbucket: FakePlatform {
    let platform = Platform.bitbucket
    let server: FakeServer
    let store = FakeStore()
    let workspace: String
    let slug: String
    let username: String
    let password: String
    let accessToken: String

    init(workspace: String = "amuniz", slug: String = "test-repos", username: String = "loom-bot",
         password: String = "app-password", accessToken: String = "bb-access-token") {
        self.workspace = workspace
        self.slug = slug
        self.username = username
        self.password = password
        self.accessToken = accessToken
        let accepted: Set<String> = ["Basic " + Base64.encode(Array("\(username):\(password)".utf8)), "Bearer " + accessToken]
        server = FakeServer(prefix: "/2.0", authenticate: { request in
            accepted.contains(request.headers["Authorization"] ?? "") ? nil : FakeBitbucket.error(401, "Unauthorized")
        }, notFound: { FakeBitbucket.error(404, "Resource not found") })
        pullRoutes()
        commentRoutes()
    }

    var configuration: PlatformAPIConfiguration {
        var configuration = PlatformAPIConfiguration.bitbucket(username: username, password: password, baseURL: baseURL)
        configuration.retry = HTTPRetryPolicy(maxRetries: 0)
        return configuration
    }

    func ref(_ number: Int) -> PullRequestRef {
        PullRequestRef(platform: .bitbucket, fullName: "\(workspace)/\(slug)", number: number,
                       platformID: "{3deb8c29-778a-450c-8f69-3e50a18079df}",
                       attributes: [WebhookAttribute.workspace: workspace, WebhookAttribute.slug: slug,
                                    WebhookAttribute.repositoryID: "{3deb8c29-778a-450c-8f69-3e50a18079df}"])
    }

    /// Bitbucket's error body: `{"type": "error", "error": {"message"}}`.
    static func error(_ status: Int, _ message: String, detail: String? = nil) -> HTTPResponse {
        var error: [(String, FakeJSON)] = [("message", .string(message))]
        if let detail { error.append(("detail", .string(detail))) }
        return FakeResponse.json(status, ["type": "error", "error": .object(error)])
    }

    func pull(_ call: FakeCall) -> FakePullRequest? {
        guard call["workspace"] == workspace, call["slug"] == slug, let id = call.int("id") else { return nil }
        return store.pull(id)
    }

    var repository: String { "/repositories/{workspace}/{slug}" }

    private func pullRoutes() {
        server.on("GET", repository + "/pullrequests/{id}") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Resource not found") }
            return FakeResponse.json(200, pullJSON(pull, call: call))
        }
        // The real endpoint answers with a redirect to a diff spec of the two commits.
        server.on("GET", repository + "/pullrequests/{id}/diff") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Resource not found") }
            let spec = "\(workspace)/\(slug):\(pull.headSHA.prefix(12))%0D\(pull.baseSHA.prefix(12))"
            let origin = store.options.redirectOrigin.map { $0 + server.prefix } ?? call.baseURL
            let location = origin + "/repositories/\(workspace)/\(slug)/diff/\(spec)?from_pullrequest_id=\(pull.number)&topic=true"
            return HTTPResponse(status: HTTPStatus(code: 302), headers: [("Location", location)])
        }
        server.on("GET", repository + "/diff/{*spec}") { [unowned self] call in
            guard let pull = store.pull(Int(call.query("from_pullrequest_id") ?? "") ?? -1),
                  call["spec"].contains(String(pull.headSHA.prefix(12))) else { return Self.error(404, "Resource not found") }
            return FakeResponse.text(200, pull.diff)
        }
        server.on("GET", repository + "/src/{commit}/{*path}") { [unowned self] call in
            guard let bytes = store.file(call["path"], at: call["commit"]) else {
                return Self.error(404, "No such file or directory: \(call["path"])")
            }
            return FakeResponse.bytes(200, bytes)
        }
    }

    private func pullJSON(_ pull: FakePullRequest, call: FakeCall) -> FakeJSON {
        let api = call.baseURL + "/repositories/\(workspace)/\(slug)"
        let repository: FakeJSON = ["type": "repository", "full_name": .string("\(workspace)/\(slug)"),
                                    "links": ["self": ["href": .string(api)]], "name": .string(slug),
                                    "uuid": "{3deb8c29-778a-450c-8f69-3e50a18079df}"]
        func side(_ branch: String, _ commit: String) -> FakeJSON {
            ["branch": ["name": .string(branch)],
             "commit": ["hash": .string(String(commit.prefix(12))), "type": "commit",
                        "links": ["self": ["href": .string(api + "/commit/\(commit.prefix(12))")]]],
             "repository": repository]
        }
        let state = switch pull.state {
        case "merged": "MERGED"
        case "closed": "DECLINED"
        default: "OPEN"
        }
        let links = "\(api)/pullrequests/\(pull.number)"
        return [
            "comment_count": .int(store.comments(on: pull.number).count), "task_count": 0, "type": "pullrequest", "id": .int(pull.number),
            "title": .string(pull.title), "description": .string(pull.description), "state": .string(state), "draft": .bool(pull.isDraft),
            "merge_commit": nil, "close_source_branch": false, "closed_by": nil,
            "author": ["display_name": "Octo Cat", "type": "user", "uuid": "{7d3a178a-a087-4756-b2da-2f9eadf50ba8}",
                       "account_id": "557058:270a1f96-cd27-4013-ade6-85df2ab9820c", "nickname": .string(pull.author)],
            "reason": "", "created_on": "2024-05-01T10:00:00.000000+00:00", "updated_on": "2024-05-01T10:00:00.000000+00:00",
            "destination": side(pull.targetBranch, pull.baseSHA), "source": side(pull.sourceBranch, pull.headSHA),
            "links": ["self": ["href": .string(links)], "html": ["href": .string("https://bitbucket.org/\(workspace)/\(slug)/pull-requests/\(pull.number)")],
                      "diff": ["href": .string("\(links)/diff")], "comments": ["href": .string("\(links)/comments")]],
            "summary": ["type": "rendered", "raw": .string(pull.description), "markup": "markdown", "html": ""],
        ]
    }
}
