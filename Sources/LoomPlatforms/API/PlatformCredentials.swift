// PlatformCredentials: the secret an adapter presents, and which header each platform carries it in.

/// The secret a platform adapter presents. How a `.token` is sent depends on the platform:
/// GitHub and Bitbucket `Authorization: Bearer`, GitLab `PRIVATE-TOKEN`, Gitea
/// `Authorization: token`, Azure DevOps Basic with an empty user name.
public enum PlatformCredentials: Sendable, Equatable {
    /// A token or PAT.
    case token(String)
    /// HTTP Basic (Bitbucket user name with an app password or API token).
    case usernamePassword(username: String, password: String)
    /// No credentials (public repositories on a test server).
    case none
}
