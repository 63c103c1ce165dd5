// GitHubAPI: the GitHub REST adapter — pull request, unified diff and files at a commit.

public import LoomCore
public import LoomHTTPClient

/// GitHub and GitHub Enterprise (`/repos/{owner}/{repo}/…` under `GITHUB_API_URL`), with
/// `Authorization: Bearer`, `Accept: application/vnd.github+json` and API version 2022-11-28.
public struct GitHubAPI: PlatformClient {
    /// Always `.github`.
    public var platform: Platform { .github }
    let transport: APITransport

    /// An adapter sending every request to `configuration.baseURL` through `http`.
    public init(configuration: PlatformAPIConfiguration, http: any HTTPClient) {
        transport = APITransport(platform: .github, configuration: configuration, http: http)
    }

    /// `/repos/{owner}/{name}`, encoded.
    func repositoryPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        let (owner, name) = try ref.ownerAndName(ownerKey: WebhookAttribute.owner, nameKey: WebhookAttribute.name)
        return "/repos/\(APIURL.encode(owner))/\(APIURL.encode(name))"
    }

    /// `GET /repos/{o}/{r}/pulls/{n}`.
    public func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo {
        let pr = try await transport.getJSONValue(transport.url(try repositoryPath(ref) + "/pulls/\(ref.number)"))
        let merged = pr["merged"]?.bool == true || pr.text(at: "merged_at") != nil
        return PullRequestInfo(
            number: pr.integer(at: "number") ?? ref.number,
            title: pr.text(at: "title") ?? "",
            description: pr.text(at: "body") ?? "",
            author: pr.text(at: "user", "login") ?? "",
            sourceBranch: pr.text(at: "head", "ref") ?? "",
            targetBranch: pr.text(at: "base", "ref") ?? "",
            headSHA: try required(pr.text(at: "head", "sha"), "head.sha"),
            baseSHA: try required(pr.text(at: "base", "sha"), "base.sha"),
            isDraft: pr.flag(at: "draft") ?? false,
            state: merged ? "merged" : (pr.text(at: "state") ?? "open"))
    }

    /// `GET /repos/{o}/{r}/pulls/{n}` with `Accept: application/vnd.github.diff`. GitHub refuses
    /// very large diffs (406 "too_large"); then the diff is rebuilt from `/pulls/{n}/files`.
    public func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff {
        let url = transport.url(try repositoryPath(ref) + "/pulls/\(ref.number)")
        do {
            guard let response = try await transport.get(url, accept: "application/vnd.github.diff") else { return Diff(files: []) }
            return UnifiedDiffParser.parse(bytes: response.body).diff
        } catch let error as PlatformAPIError where error.status == 406 || error.status == 422 {
            return UnifiedDiffParser.parse(try await diffFromFiles(ref)).diff
        }
    }

    /// `GET /repos/{o}/{r}/contents/{path}?ref={commit}` with the raw media type; nil on 404.
    public func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]? {
        let url = transport.url(try repositoryPath(ref) + "/contents/" + APIURL.encodePath(path), [("ref", commit)])
        return try await transport.get(url, accept: "application/vnd.github.raw+json", notFoundIsNil: true)?.body
    }

    func required(_ value: String?, _ field: String) throws(PlatformAPIError) -> String {
        guard let value, !value.isEmpty else {
            throw PlatformAPIError(platform: .github, status: nil, message: "pull request has no \(field)", isTransient: false)
        }
        return value
    }
}
