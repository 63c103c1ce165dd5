// FakeAzureDevOps: a local Azure DevOps Git API 7.1 — pull requests, iterations, changes, items and threads.

import LoomCore
import LoomCrypto
import LoomHTTP
import LoomHTTPClient
import LoomPlatforms

/// Azure DevOps' shapes for one repository under `/{organization}/{project}/_apis/git/
/// repositories/{id}`. Requires `api-version=7.1` and a PAT as the password of HTTP Basic.
/// There is no diff endpoint: clients read iteration changes and file contents, as on Azure.
final class FakeAzureDevOps: FakePlatform {
    let platform = Platform.azureDevOps
    let server: FakeServer
    let store = FakeStore()
    let organization: String
    let projectID: String
    let projectName: String
    let repositoryID: String
    let repositoryName: String
    let pat: String

    init(organization: String = "fabrikam", pat: String = "azure-test-pat",
         projectID: String = "a7573007-bbb3-4341-b726-0c4148a07853", projectName: String = "2016_10_31",
         repositoryID: String = "3411ebc1-d5aa-464f-9615-0b527bc66719", repositoryName: String = "2016_10_31") {
        self.organization = organization
        self.pat = pat
        self.projectID = projectID
        self.projectName = projectName
        self.repositoryID = repositoryID
        self.repositoryName = repositoryName
        server = FakeServer(prefix: "", authenticate: { request in
            guard let header = request.headers["Authorization"], header.hasPrefix("Basic "),
                  let decoded = Base64.decode(header.dropFirst(6)),
                  let colon = decoded.firstIndex(of: UInt8(ascii: ":")), Array(decoded[(colon + 1)...]) == Array(pat.utf8) else {
                return HTTPResponse(status: .unauthorized, headers: [("WWW-Authenticate", "Basic realm=\"https://dev.azure.com/\"")])
            }
            guard request.queryParameter("api-version") == "7.1" else {
                return FakeAzureDevOps.error(400, "No api-version was supplied for the \"\(request.method.rawValue)\" request.",
                                             typeKey: "VssVersionNotSpecifiedException")
            }
            return nil
        }, notFound: { FakeAzureDevOps.error(404, "The controller for path was not found.", typeKey: "HttpException") })
        pullRoutes()
        threadRoutes()
    }

    var configuration: PlatformAPIConfiguration {
        var configuration = PlatformAPIConfiguration.azureDevOps(pat: pat, organization: organization, baseURL: baseURL)
        configuration.retry = HTTPRetryPolicy(maxRetries: 0)
        return configuration
    }

    func ref(_ number: Int) -> PullRequestRef {
        PullRequestRef(platform: .azureDevOps, fullName: "\(projectName)/\(repositoryName)", number: number, platformID: repositoryID,
                       attributes: [WebhookAttribute.organization: organization, WebhookAttribute.projectID: projectID,
                                    WebhookAttribute.projectName: projectName, WebhookAttribute.repositoryID: repositoryID,
                                    WebhookAttribute.repositoryName: repositoryName])
    }

    /// Azure's error body.
    static func error(_ status: Int, _ message: String, typeKey: String) -> HTTPResponse {
        FakeResponse.json(status, [
            "$id": "1", "innerException": nil, "message": .string(message),
            "typeName": .string("Microsoft.TeamFoundation.SourceControl.WebServer.\(typeKey), Microsoft.TeamFoundation.SourceControl.WebServer"),
            "typeKey": .string(typeKey), "errorCode": 0, "eventId": 3000,
        ])
    }

    var repositoryPattern: String { "/{org}/{project}/_apis/git/repositories/{repo}" }

    /// Whether the organization, project and repository in the path are this fake's.
    func isOurs(_ call: FakeCall) -> Bool {
        call["org"] == organization && (call["project"] == projectID || call["project"] == projectName)
            && (call["repo"] == repositoryID || call["repo"] == repositoryName)
    }

    func pull(_ call: FakeCall) -> FakePullRequest? {
        guard isOurs(call), let id = call.int("id") else { return nil }
        return store.pull(id)
    }

    static func pullNotFound(_ call: FakeCall) -> HTTPResponse {
        error(404, "TF401180: The requested pull request was not found.", typeKey: "GitPullRequestNotFoundException")
    }

    private func pullRoutes() {
        let pulls = repositoryPattern + "/pullRequests/{id}"
        server.on("GET", pulls) { [unowned self] call in
            guard let pull = pull(call) else { return Self.pullNotFound(call) }
            if let info = pull.infoJSON { return FakeResponse.bytes(200, info, contentType: "application/json; charset=utf-8") }
            return FakeResponse.json(200, pullJSON(pull, call: call))
        }
        server.on("GET", pulls + "/iterations") { [unowned self] call in
            guard let pull = pull(call) else { return Self.pullNotFound(call) }
            // An older push first, then the latest: clients must pick the highest id.
            let iterations: [FakeJSON] = [iterationJSON(1, source: String(repeating: "a", count: 40), pull: pull),
                                          iterationJSON(2, source: pull.headSHA, pull: pull)]
            return FakeResponse.json(200, ["value": .array(iterations), "count": .int(iterations.count)])
        }
        server.on("GET", pulls + "/iterations/{iteration}/changes") { [unowned self] call in
            guard let pull = pull(call), call.int("iteration") == 2 else { return Self.pullNotFound(call) }
            guard call.query("$compareTo") == "0" else {
                return Self.error(400, "$compareTo must name an earlier iteration; 0 compares with the merge base", typeKey: "ArgumentException")
            }
            let entries = changeEntries(pull)
            let top = min(Int(call.query("$top") ?? "") ?? 100, store.options.pageSize)
            let skip = Int(call.query("$skip") ?? "") ?? 0
            let slice = Array(entries.dropFirst(skip).prefix(top))
            var members: [(String, FakeJSON)] = [("changeEntries", .array(slice))]
            if skip + top < entries.count { members += [("nextSkip", .int(skip + top)), ("nextTop", .int(top))] }
            return FakeResponse.json(200, .object(members))
        }
        server.on("GET", repositoryPattern + "/items") { [unowned self] call in
            let path = call.query("path") ?? ""
            let commit = call.query("versionDescriptor.version") ?? ""
            guard isOurs(call), call.query("versionDescriptor.versionType") == "commit", path.hasPrefix("/"),
                  let bytes = store.file(path, at: commit) else {
                return Self.error(404, "TF401174: The item '\(path)' could not be found in the repository '\(repositoryName)' at the version specified by '<Commit: \(commit)>'.",
                                  typeKey: "GitItemNotFoundException")
            }
            return FakeResponse.bytes(200, bytes, contentType: "application/octet-stream")
        }
    }

    /// `changeEntries` derived from the diff, in reverse path order (Azure does not sort them).
    private func changeEntries(_ pull: FakePullRequest) -> [FakeJSON] {
        pull.parsedDiff.files.enumerated().reversed().map { index, file in
            let changeType = switch file.status {
            case .added: "add"
            case .deleted: "delete"
            case .renamed: file.hunks.isEmpty ? "rename" : "edit, rename"
            default: "edit"
            }
            var members: [(String, FakeJSON)] = [
                ("changeTrackingId", .int(index + 1)), ("changeId", .int(index + 1)),
                ("item", ["objectId": "e21e56d119ae81fb4ffebc4fefc6351f5b5ef888", "originalObjectId": "ff93e64a68f5538ad87cd06dcd50ebd107967933",
                          "path": .string("/" + file.path)]),
                ("changeType", .string(changeType)),
            ]
            if file.status == .renamed, let old = file.oldPath { members.append(("originalPath", .string("/" + old))) }
            return .object(members)
        }
    }

    private func iterationJSON(_ id: Int, source: String, pull: FakePullRequest) -> FakeJSON {
        ["id": .int(id), "description": "Updated", "author": ["displayName": "Normal Paulk", "uniqueName": "fabrikamfiber16@hotmail.com"],
         "createdDate": "2016-11-01T16:30:31.6655471Z", "updatedDate": "2016-11-01T16:30:31.6655471Z",
         "sourceRefCommit": ["commitId": .string(source)], "targetRefCommit": ["commitId": "f47bbc106853afe3c1b07a81754bce5f4b8dbf62"],
         "commonRefCommit": ["commitId": .string(pull.baseSHA)], "hasMoreCommits": false, "reason": id == 1 ? "create" : "push"]
    }

    private func pullJSON(_ pull: FakePullRequest, call: FakeCall) -> FakeJSON {
        let status = switch pull.state {
        case "merged": "completed"
        case "closed": "abandoned"
        default: "active"
        }
        let api = call.baseURL + "/\(organization)/_apis/git/repositories/\(repositoryID)"
        return [
            "repository": ["id": .string(repositoryID), "name": .string(repositoryName), "url": .string(api),
                           "project": ["id": .string(projectID), "name": .string(projectName)]],
            "pullRequestId": .int(pull.number), "codeReviewId": .int(pull.number), "status": .string(status),
            "createdBy": ["id": "d6245f20-2af8-44f4-9451-8107cb2767db", "displayName": "Normal Paulk", "uniqueName": .string(pull.author)],
            "creationDate": "2016-11-01T16:30:31.6655471Z", "title": .string(pull.title), "description": .string(pull.description),
            "sourceRefName": .string("refs/heads/" + pull.sourceBranch), "targetRefName": .string("refs/heads/" + pull.targetBranch),
            "mergeStatus": "succeeded", "isDraft": .bool(pull.isDraft),
            "lastMergeSourceCommit": ["commitId": .string(pull.headSHA)],
            "lastMergeTargetCommit": ["commitId": "f47bbc106853afe3c1b07a81754bce5f4b8dbf62"],
            "url": .string(api + "/pullRequests/\(pull.number)"),
        ]
    }
}
