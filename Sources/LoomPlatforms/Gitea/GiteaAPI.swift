// GiteaAPI: the Gitea / Forgejo REST (v1) adapter — pull request, `.diff`, files at a commit.

public import LoomCore
public import LoomHTTPClient

/// Gitea and Forgejo (`/repos/{owner}/{repo}/…` under `GITEA_BASE_URL`, which ends in
/// `/api/v1`), authenticated with `Authorization: token …`.
public struct GiteaAPI: PlatformClient {
    /// Always `.gitea`.
    public var platform: Platform { .gitea }
    let transport: APITransport

    /// An adapter sending every request to `configuration.baseURL` through `http`.
    public init(configuration: PlatformAPIConfiguration, http: any HTTPClient) {
        transport = APITransport(platform: .gitea, configuration: configuration, http: http)
    }

    /// `/repos/{owner}/{name}`, encoded.
    func repositoryPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        let (owner, name) = try ref.ownerAndName(ownerKey: WebhookAttribute.owner, nameKey: WebhookAttribute.name)
        return "/repos/\(APIURL.encode(owner))/\(APIURL.encode(name))"
    }

    /// `GET /repos/{o}/{r}/pulls/{index}`. `merge_base` is the diff's base where the server
    /// reports it; `draft` is missing on older servers, which mark drafts with a WIP title prefix.
    public func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo {
        let pr = try await transport.getJSONValue(transport.url(try repositoryPath(ref) + "/pulls/\(ref.number)"))
        let title = pr.text(at: "title") ?? ""
        guard let head = pr.nonEmptyText(at: "head", "sha"),
              let base = pr.nonEmptyText(at: "merge_base") ?? pr.nonEmptyText(at: "base", "sha") else {
            throw PlatformAPIError(platform: .gitea, status: nil, message: "pull request #\(ref.number) has no head or base commit",
                                   isTransient: false)
        }
        let merged = pr.flag(at: "merged") == true
        return PullRequestInfo(
            number: pr.integer(at: "number") ?? ref.number,
            title: title,
            description: pr.text(at: "body") ?? "",
            author: pr.text(at: "user", "login") ?? "",
            sourceBranch: pr.text(at: "head", "ref") ?? "",
            targetBranch: pr.text(at: "base", "ref") ?? "",
            headSHA: head,
            baseSHA: base,
            isDraft: pr.flag(at: "draft") ?? WorkInProgressTitle.hasPrefix(title),
            state: merged ? "merged" : (pr.text(at: "state") ?? "open"))
    }

    /// `GET /repos/{o}/{r}/pulls/{index}.diff`: a plain git diff.
    public func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff {
        let url = transport.url(try repositoryPath(ref) + "/pulls/\(ref.number).diff")
        guard let response = try await transport.get(url, accept: "text/plain") else { return Diff(files: []) }
        return UnifiedDiffParser.parse(bytes: response.body).diff
    }

    /// `GET /repos/{o}/{r}/raw/{path}?ref={commit}`; nil on 404.
    public func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]? {
        let url = transport.url(try repositoryPath(ref) + "/raw/" + APIURL.encodePath(path), [("ref", commit)])
        return try await transport.get(url, accept: "*/*", notFoundIsNil: true)?.body
    }
}
