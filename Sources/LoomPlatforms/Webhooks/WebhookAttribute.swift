// WebhookAttribute: the keys of `PullRequestEvent.attributes`, shared by decoders and API clients.

/// Keys for the platform facts decoders put in `PullRequestEvent.attributes` for the worker.
///
/// Values come from the authenticated payload; URLs among them are for display only. API calls
/// are built from the configured base URL plus these identifiers, never from payload URLs.
public enum WebhookAttribute {
    /// GitHub, Gitea: the repository owner's login (`owner` in `/repos/{owner}/{name}`).
    public static let owner = "owner"
    /// GitHub, Gitea: the repository name.
    public static let name = "name"
    /// GitHub App deliveries: `installation.id`, for an installation token.
    public static let installationID = "installation_id"
    /// GitLab: the numeric project id (`:id` in `/projects/:id/...`); Azure: the project GUID.
    public static let projectID = "project_id"
    /// Azure: the project name.
    public static let projectName = "project_name"
    /// Azure: the organization (from the repository URL), e.g. `fabrikam`.
    public static let organization = "organization"
    /// Azure: `resourceContainers.account.id`, the organization's GUID.
    public static let accountID = "account_id"
    /// Azure: the repository GUID; Bitbucket: the repository `{uuid}`.
    public static let repositoryID = "repository_id"
    /// Azure: the repository name.
    public static let repositoryName = "repository_name"
    /// Bitbucket: the workspace slug.
    public static let workspace = "workspace"
    /// Bitbucket: the repository slug.
    public static let slug = "slug"
    /// GitLab: the source project id (differs from `project_id` for forks).
    public static let sourceProjectID = "source_project_id"
    /// The full name of the repository the head branch lives in (forks), where the payload says.
    public static let headRepository = "head_repository"
    /// A platform-specific id of the PR author (GitLab `author_id`, Bitbucket `account_id`, Azure id).
    public static let authorID = "author_id"
    /// The PR's web page, for display in logs and summaries only.
    public static let webURL = "web_url"
    /// The previous head commit, where the payload says (GitHub `before`, GitLab `oldrev`).
    public static let previousHeadSHA = "previous_head_sha"
}
