// FakeGitHub: a local GitHub REST API — pulls, diff, contents, reviews, review and issue comments.

import LoomCore
import LoomCrypto
import LoomHTTP
import LoomHTTPClient
import LoomPlatforms

/// GitHub's REST shapes for one repository (`owner/name`), `Authorization: Bearer` required.
final class FakeGitHub: FakePlatform {
    let platform = Platform.github
    let server: FakeServer
    let store = FakeStore()
    let owner: String
    let name: String
    let token: String

    init(owner: String = "artsy", name: String = "emission", token: String = "ghp-test-token") {
        self.owner = owner
        self.name = name
        self.token = token
        let expected = "Bearer " + token
        server = FakeServer(prefix: "", authenticate: { request in
            request.headers["Authorization"] == expected ? nil : FakeGitHub.error(401, "Bad credentials")
        }, notFound: { FakeGitHub.error(404, "Not Found") })
        pullRoutes()
        commentRoutes()
    }

    var configuration: PlatformAPIConfiguration {
        var configuration = PlatformAPIConfiguration.github(token: token, baseURL: baseURL)
        configuration.retry = HTTPRetryPolicy(maxRetries: 0)
        return configuration
    }

    func ref(_ number: Int) -> PullRequestRef {
        PullRequestRef(platform: .github, fullName: "\(owner)/\(name)", number: number, platformID: "12345",
                       attributes: [WebhookAttribute.owner: owner, WebhookAttribute.name: name])
    }

    /// GitHub's error body: `{"message", "documentation_url", "status"}`.
    static func error(_ status: Int, _ message: String, errors: FakeJSON? = nil) -> HTTPResponse {
        var members: [(String, FakeJSON)] = [("message", .string(message))]
        if let errors { members.append(("errors", errors)) }
        members += [("documentation_url", "https://docs.github.com/rest"), ("status", .string(String(status)))]
        return FakeResponse.json(status, .object(members))
    }

    static func user(_ login: String) -> FakeJSON {
        ["login": .string(login), "id": 49038, "node_id": "MDQ6VXNlcjQ5MDM4", "type": login.hasSuffix("[bot]") ? "Bot" : "User",
         "site_admin": false]
    }

    private var repository: String { "/repos/{owner}/{repo}" }

    private func pullRoutes() {
        server.on("GET", repository + "/pulls/{number}") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Not Found") }
            if call.header("Accept")?.contains("application/vnd.github.diff") == true {
                if store.options.diffTooLarge {
                    return Self.error(406, "Sorry, the diff exceeded the maximum number of lines (20000)",
                                      errors: [["resource": "PullRequest", "field": "diff", "code": "too_large"]])
                }
                return FakeResponse.text(200, pull.diff, contentType: "application/vnd.github.diff; charset=utf-8")
            }
            if let info = pull.infoJSON { return FakeResponse.bytes(200, info, contentType: "application/json; charset=utf-8") }
            return FakeResponse.json(200, pullJSON(pull, call: call))
        }
        server.on("GET", repository + "/pulls/{number}/files") { [unowned self] call in
            guard let pull = pull(call) else { return Self.error(404, "Not Found") }
            return paged(pull.parsedDiff.files.map { fileJSON($0, call: call) }, call: call)
        }
        server.on("GET", repository + "/contents/{*path}") { [unowned self] call in
            let commit = call.query("ref") ?? ""
            guard let bytes = store.file(call["path"], at: commit) else {
                return Self.error(404, "Not Found")
            }
            if call.header("Accept")?.contains("raw") == true {
                return FakeResponse.bytes(200, bytes, contentType: "application/vnd.github.raw")
            }
            return FakeResponse.json(200, ["type": "file", "encoding": "base64", "size": .int(bytes.count), "name": .string(call["path"]),
                                           "path": .string(call["path"]), "content": .string(Base64.encode(bytes))])
        }
    }

    func pull(_ call: FakeCall) -> FakePullRequest? {
        guard call["owner"] == owner, call["repo"] == name, let number = call.int("number") else { return nil }
        return store.pull(number)
    }

    private func pullJSON(_ pull: FakePullRequest, call: FakeCall) -> FakeJSON {
        let api = call.baseURL + "/repos/\(owner)/\(name)"
        return [
            "url": .string(api + "/pulls/\(pull.number)"), "id": .int(87_500_000 + pull.number), "number": .int(pull.number),
            "state": pull.state == "open" ? "open" : "closed", "locked": false, "title": .string(pull.title),
            "user": Self.user(pull.author), "body": .text(pull.description.isEmpty ? nil : pull.description),
            "merged_at": pull.state == "merged" ? "2024-05-01T10:00:00Z" : nil, "draft": .bool(pull.isDraft),
            "head": ["label": .string("\(owner):\(pull.sourceBranch)"), "ref": .string(pull.sourceBranch), "sha": .string(pull.headSHA),
                     "user": Self.user(owner), "repo": ["full_name": .string("\(owner)/\(name)")]],
            "base": ["label": .string("\(owner):\(pull.targetBranch)"), "ref": .string(pull.targetBranch), "sha": .string(pull.baseSHA),
                     "user": Self.user(owner), "repo": ["full_name": .string("\(owner)/\(name)")]],
            "merged": .bool(pull.state == "merged"), "comments_url": .string(api + "/issues/\(pull.number)/comments"),
        ]
    }

    /// One element of `/pulls/{n}/files`: the hunks as `patch` (no file headers, no final
    /// newline, as GitHub sends it); none for binary files.
    private func fileJSON(_ file: FileDiff, call: FakeCall) -> FakeJSON {
        var patch = ""
        for hunk in file.hunks { UnifiedDiffWriter.write(hunk, into: &patch) }
        if patch.hasSuffix("\n") { patch.removeLast() }
        let status = switch file.status {
        case .added: "added"
        case .deleted: "removed"
        case .renamed: "renamed"
        default: "modified"
        }
        var members: [(String, FakeJSON)] = [
            ("sha", "bbcd538c8e72b8c175046e27cc8f907076331401"), ("filename", .string(file.path)), ("status", .string(status)),
            ("additions", .int(file.additions)), ("deletions", .int(file.deletions)), ("changes", .int(file.additions + file.deletions)),
            ("blob_url", .string("https://github.com/\(owner)/\(name)/blob/HEAD/\(file.path)")),
            ("raw_url", .string("https://github.com/\(owner)/\(name)/raw/HEAD/\(file.path)")),
            ("contents_url", .string(call.baseURL + "/repos/\(owner)/\(name)/contents/\(file.path)?ref=HEAD")),
        ]
        if !file.isBinary && !file.hunks.isEmpty { members.append(("patch", .string(patch))) }
        if file.status == .renamed, let old = file.oldPath { members.append(("previous_filename", .string(old))) }
        return .object(members)
    }

    /// `Link` header and page of `items` per GitHub's `per_page`/`page` (default 30, max 100).
    func paged(_ items: [FakeJSON], call: FakeCall) -> HTTPResponse {
        let size = min(Int(call.query("per_page") ?? "") ?? 30, 100, store.options.pageSize)
        let page = Int(call.query("page") ?? "") ?? 1
        let slice = FakeCall.page(items, page: page, size: size)
        var headers: [(name: String, value: String)] = []
        if page == 1, let foreign = store.options.foreignNextURL {
            headers.append(("Link", "<\(foreign)>; rel=\"next\""))
        } else if let next = slice.next {
            let path = call.baseURL + call.request.path
            headers.append(("Link", "<\(path)?per_page=\(size)&page=\(next)>; rel=\"next\", <\(path)?per_page=\(size)&page=\((items.count + size - 1) / size)>; rel=\"last\""))
        }
        return FakeResponse.json(200, .array(slice.items), headers: headers)
    }
}
