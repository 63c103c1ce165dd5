// Platform: the five git platforms Loom speaks to, with their webhook path names.

/// A git hosting platform. The raw value is the name used in webhook paths
/// (`/webhooks/{platform}`), metrics labels, the database and `loom repos add platform:owner/repo`.
public enum Platform: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case github
    case gitlab
    case bitbucket
    /// Gitea and Forgejo (one body format; Forgejo adds its own headers).
    case gitea
    case azureDevOps = "azure-devops"

    public var description: String { rawValue }

    /// The human name, for messages and comments.
    public var displayName: String {
        switch self {
        case .github: "GitHub"
        case .gitlab: "GitLab"
        case .bitbucket: "Bitbucket"
        case .gitea: "Gitea"
        case .azureDevOps: "Azure DevOps"
        }
    }
}
