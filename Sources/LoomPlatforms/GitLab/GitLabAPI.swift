// GitLabAPI: the GitLab REST (v4) adapter — merge request, diffs with rebuilt headers, files at a commit.

public import LoomCore
public import LoomHTTPClient

/// GitLab.com and self-managed GitLab (`/projects/:id/…` under `GITLAB_BASE_URL`, which ends in
/// `/api/v4`), authenticated with `PRIVATE-TOKEN`.
public struct GitLabAPI: PlatformClient {
    /// Always `.gitlab`.
    public var platform: Platform { .gitlab }
    let transport: APITransport

    /// An adapter sending every request to `configuration.baseURL` through `http`.
    public init(configuration: PlatformAPIConfiguration, http: any HTTPClient) {
        transport = APITransport(platform: .gitlab, configuration: configuration, http: http)
    }

    /// `/projects/:id`: the numeric project id from the webhook when known, else the URL-encoded
    /// `group/project` path (GitLab accepts both).
    func projectPath(_ ref: PullRequestRef) -> String {
        let id = ref.attributes[WebhookAttribute.projectID].flatMap { $0.isEmpty ? nil : $0 } ?? ref.repository.fullName
        return "/projects/" + APIURL.encode(id)
    }

    func mergeRequestPath(_ ref: PullRequestRef) -> String {
        projectPath(ref) + "/merge_requests/\(ref.number)"
    }

    /// `GET /projects/:id/merge_requests/:iid`. The SHAs come from `diff_refs`: comments must be
    /// anchored with exactly these three, and `base_sha` is the merge base the diff is taken from.
    public func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo {
        let mr = try await transport.getJSONValue(transport.url(mergeRequestPath(ref)))
        guard let head = mr.text(at: "diff_refs", "head_sha") ?? mr.text(at: "sha"),
              let base = mr.text(at: "diff_refs", "base_sha") else {
            // GitLab computes diff_refs asynchronously right after a push; try again shortly.
            throw PlatformAPIError(platform: .gitlab, status: nil, message: "merge request !\(ref.number) has no diff_refs yet",
                                   isTransient: true)
        }
        let state = switch mr.text(at: "state") {
        case "merged": "merged"
        case "closed": "closed"
        default: "open"  // opened, locked (a merge in progress)
        }
        return PullRequestInfo(
            number: mr.integer(at: "iid") ?? ref.number,
            title: mr.text(at: "title") ?? "",
            description: mr.text(at: "description") ?? "",
            author: mr.text(at: "author", "username") ?? "",
            sourceBranch: mr.text(at: "source_branch") ?? "",
            targetBranch: mr.text(at: "target_branch") ?? "",
            headSHA: head,
            baseSHA: base,
            startSHA: mr.text(at: "diff_refs", "start_sha"),
            isDraft: mr.flag(at: "draft") ?? mr.flag(at: "work_in_progress") ?? false,
            state: state)
    }

    /// `GET /projects/:id/merge_requests/:iid/diffs?per_page=100`, every page (`X-Next-Page`).
    /// GitLab sends hunks only; the file headers are rebuilt from `old_path`/`new_path` and the
    /// new/deleted/renamed flags.
    public func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff {
        let pages = try await listing(mergeRequestPath(ref) + "/diffs", items: { [$0] })
        return GitLabDiffAssembler.assemble(pages.flatMap(GitLabDiffAssembler.entries(from:))).diff
    }

    /// `GET /projects/:id/repository/files/:path/raw?ref=`; nil on 404.
    public func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]? {
        let url = transport.url(projectPath(ref) + "/repository/files/" + APIURL.encode(Self.trimmedPath(path)) + "/raw",
                                [("ref", commit)])
        return try await transport.get(url, accept: "*/*", notFoundIsNil: true)?.body
    }

    /// Every item of a paginated listing at `path` (100 per page, `X-Next-Page` followed).
    func listing(_ path: String, query: [(String, String)] = [],
                 items: (JSONValue) -> [JSONValue] = APITransport.arrayItems) async throws -> [JSONValue] {
        let first = transport.url(path, query + [("per_page", "100")])
        return try await transport.pages(first, items: items) { response, _ in
            guard let page = response.header("X-Next-Page"), !page.isEmpty, page.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                return nil
            }
            return transport.url(path, query + [("per_page", "100"), ("page", page)])
        }
    }

    /// A repository path without leading slashes (GitLab wants `dir/file`, not `/dir/file`).
    static func trimmedPath(_ path: String) -> String {
        String(path.drop { $0 == "/" })
    }
}
