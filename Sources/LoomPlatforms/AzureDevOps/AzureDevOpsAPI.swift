// AzureDevOpsAPI: the Azure DevOps Git REST (7.1) adapter — pull request with its latest iteration, files.

public import LoomCore
public import LoomHTTPClient

/// Azure DevOps Services and Server (`{base}/{organization}/{project}/_apis/git/repositories/
/// {repositoryId}/…?api-version=7.1`), authenticated with a PAT as Basic `:<pat>`.
public struct AzureDevOpsAPI: PlatformClient {
    /// Always `.azureDevOps`.
    public var platform: Platform { .azureDevOps }
    let transport: APITransport

    /// `PullRequestInfo.attributes` keys this adapter fills in and reads back.
    public enum InfoAttribute {
        /// The latest iteration's id (the diff and comments refer to it).
        public static let iteration = "azure_iteration"
        /// The target branch tip of that iteration.
        public static let targetCommit = "azure_target_commit"
    }

    static let apiVersion = ("api-version", "7.1")

    /// An adapter sending every request to `configuration.baseURL` through `http`.
    public init(configuration: PlatformAPIConfiguration, http: any HTTPClient) {
        transport = APITransport(platform: .azureDevOps, configuration: configuration, http: http)
    }

    /// `/{organization}/{project}/_apis/git/repositories/{repositoryId}`. The organization is the
    /// configured one; a webhook naming a different organization is refused rather than letting a
    /// payload pick where the PAT goes.
    func repositoryPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        let configured = transport.configuration.organization.flatMap { $0.isEmpty ? nil : $0 }
        let recorded = ref.attributes[WebhookAttribute.organization].flatMap { $0.isEmpty ? nil : $0 }
        if let configured, let recorded, configured.lowercased() != recorded.lowercased() {
            throw failure("the pull request belongs to organization \"\(recorded)\", not the configured \"\(configured)\"")
        }
        guard let organization = configured ?? recorded else { throw failure("no Azure DevOps organization is configured") }
        let fullName = ref.repository.fullName
        let slash = fullName.firstIndex(of: "/")
        let project = nonEmpty(ref.attributes[WebhookAttribute.projectID]) ?? nonEmpty(ref.attributes[WebhookAttribute.projectName])
            ?? slash.map { String(fullName[..<$0]) }
        let repository = nonEmpty(ref.attributes[WebhookAttribute.repositoryID]) ?? nonEmpty(ref.repository.platformID)
            ?? nonEmpty(ref.attributes[WebhookAttribute.repositoryName]) ?? slash.map { String(fullName[fullName.index(after: $0)...]) }
        guard let project, let repository, !project.isEmpty, !repository.isEmpty else {
            throw failure("repository \"\(fullName)\" has no project and repository id")
        }
        return "/\(APIURL.encode(organization))/\(APIURL.encode(project))/_apis/git/repositories/\(APIURL.encode(repository))"
    }

    func pullPath(_ ref: PullRequestRef) throws(PlatformAPIError) -> String {
        try repositoryPath(ref) + "/pullRequests/\(ref.number)"
    }

    /// `GET …/pullRequests/{id}` and `GET …/pullRequests/{id}/iterations`: the head and merge
    /// base come from the latest iteration (what the diff and comments refer to), falling back to
    /// the PR's `lastMergeSourceCommit` / `lastMergeTargetCommit`.
    public func pullRequest(_ ref: PullRequestRef) async throws -> PullRequestInfo {
        let pull = try pullPath(ref)
        let pr = try await transport.getJSONValue(transport.url(pull, [Self.apiVersion]))
        let latest = try await latestIteration(pull: pull)
        guard let head = latest?.text(at: "sourceRefCommit", "commitId") ?? pr.text(at: "lastMergeSourceCommit", "commitId"),
              let base = latest?.text(at: "commonRefCommit", "commitId") ?? latest?.text(at: "targetRefCommit", "commitId")
                ?? pr.text(at: "lastMergeTargetCommit", "commitId") else {
            // Azure fills these in shortly after the PR is created or pushed to.
            throw PlatformAPIError(platform: .azureDevOps, status: nil, message: "pull request \(ref.number) has no commits yet",
                                   isTransient: true)
        }
        var attributes: [String: String] = [:]
        attributes[InfoAttribute.iteration] = latest?.identifier(at: "id")
        attributes[InfoAttribute.targetCommit] = latest?.text(at: "targetRefCommit", "commitId")
            ?? pr.text(at: "lastMergeTargetCommit", "commitId")
        let state = switch pr.text(at: "status") {
        case "completed": "merged"
        case "abandoned": "closed"
        default: "open"
        }
        return PullRequestInfo(
            number: pr.integer(at: "pullRequestId") ?? ref.number,
            title: pr.text(at: "title") ?? "",
            description: pr.text(at: "description") ?? "",
            author: pr.text(at: "createdBy", "uniqueName") ?? pr.text(at: "createdBy", "displayName") ?? "",
            sourceBranch: Self.branchName(pr.text(at: "sourceRefName")),
            targetBranch: Self.branchName(pr.text(at: "targetRefName")),
            headSHA: head, baseSHA: base, isDraft: pr.flag(at: "isDraft") ?? false, state: state, attributes: attributes)
    }

    /// The iteration with the highest id, nil when the PR has none yet.
    func latestIteration(pull: String) async throws -> JSONValue? {
        let iterations = try await transport.getJSONValue(transport.url(pull + "/iterations", [Self.apiVersion]))
        return (iterations["value"]?.elements ?? []).max { ($0.integer(at: "id") ?? 0) < ($1.integer(at: "id") ?? 0) }
    }

    /// `GET …/items?path=…&versionDescriptor.version={commit}&versionDescriptor.versionType=commit
    /// &$format=octetStream`: the raw bytes; nil on 404.
    public func file(_ ref: PullRequestRef, path: String, at commit: String) async throws -> [UInt8]? {
        try await content(repository: try repositoryPath(ref), path: path, commit: commit)
    }

    func content(repository: String, path: String, commit: String) async throws -> [UInt8]? {
        let url = transport.url(repository + "/items", [
            ("path", "/" + path.drop { $0 == "/" }), ("versionDescriptor.version", commit),
            ("versionDescriptor.versionType", "commit"), ("includeContent", "true"), ("$format", "octetStream"), Self.apiVersion,
        ])
        return try await transport.get(url, accept: "application/octet-stream", notFoundIsNil: true)?.body
    }

    /// `refs/heads/main` → `main`; other refs are kept whole.
    static func branchName(_ ref: String?) -> String {
        guard let ref else { return "" }
        return ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
    }

    func failure(_ message: String) -> PlatformAPIError {
        PlatformAPIError(platform: .azureDevOps, status: nil, message: message, isTransient: false)
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
