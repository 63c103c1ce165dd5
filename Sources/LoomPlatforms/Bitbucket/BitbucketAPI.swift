// BitbucketAPI: the Bitbucket Cloud REST (2.0) adapter — pull request, diff (via its redirect), files.

public import LoomCore
public import LoomHTTPClient

/// Bitbucket Cloud (`/repositories/{workspace}/{slug}/…` under `BITBUCKET_API_URL`), with HTTP
/// Basic (user name + app password or API token) or a Bearer access token.
public struct BitbucketAPI: PlatformClient {
    /// Always `.bitbucket`.
    public var platform: Platform { .bitbucket }
    let transport: APITransport

    /// An adapter sending every request to `configuration.baseURL` through `http`.
    public init(configuration: PlatformAPIConfiguration, http: any HTTPClient) {
        transport = APITransport(platform: .bitbucket, configuration: configuration, http: http)
    }

    /// `/repositories/{workspace}/{slug}`, encoded.
    func repositoryPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        let (workspace, slug) = try ref.ownerAndName(ownerKey: WebhookAttribute.workspace, nameKey: WebhookAttribute.slug)
        return "/repositories/\(APIURL.encode(workspace))/\(APIURL.encode(slug))"
    }

    func pullPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        try repositoryPath(ref) + "/pullrequests/\(ref.number)"
    }

    /// `GET /repositories/{ws}/{slug}/pullrequests/{id}`. Bitbucket gives 12-character commit
    /// hashes here; its `src` endpoint accepts them, and comments need no commit.
    public func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo {
        let pr = try await transport.getJSONValue(transport.url(try pullPath(ref)))
        guard let head = pr.nonEmptyText(at: "source", "commit", "hash"),
              let base = pr.nonEmptyText(at: "destination", "commit", "hash") else {
            throw PlatformAPIError(platform: .bitbucket, status: nil, message: "pull request #\(ref.number) has no source or destination commit",
                                   isTransient: false)
        }
        let state = switch pr.text(at: "state") {
        case "MERGED": "merged"
        case "DECLINED", "SUPERSEDED": "closed"
        default: "open"
        }
        return PullRequestInfo(
            number: pr.integer(at: "id") ?? ref.number,
            title: pr.text(at: "title") ?? "",
            description: pr.text(at: "description") ?? pr.text(at: "summary", "raw") ?? "",
            author: pr.nonEmptyText(at: "author", "nickname") ?? pr.nonEmptyText(at: "author", "display_name")
                ?? pr.text(at: "author", "account_id") ?? "",
            sourceBranch: pr.text(at: "source", "branch", "name") ?? "",
            targetBranch: pr.text(at: "destination", "branch", "name") ?? "",
            headSHA: head,
            baseSHA: base,
            isDraft: pr.flag(at: "draft") ?? false,
            state: state)
    }

    /// `GET /repositories/{ws}/{slug}/pullrequests/{id}/diff`, which answers 302 to a
    /// `/diff/{spec}` URL on the same API; the redirect is followed by the transport.
    public func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff {
        guard let response = try await transport.get(transport.url(try pullPath(ref) + "/diff"), accept: "text/plain") else {
            return Diff(files: [])
        }
        return UnifiedDiffParser.parse(bytes: response.body).diff
    }

    /// `GET /repositories/{ws}/{slug}/src/{commit}/{path}`; nil on 404.
    public func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]? {
        let url = transport.url(try repositoryPath(ref) + "/src/" + APIURL.encode(commit) + "/" + APIURL.encodePath(path))
        return try await transport.get(url, accept: "*/*", notFoundIsNil: true)?.body
    }
}
