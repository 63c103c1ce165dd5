// RepositoryRef: a repository's identity on its platform.

/// Which repository: the platform, its stable id there, and its full name.
///
/// `fullName` is what people read and what `LOOM_REPO_ALLOWLIST` matches: `owner/repo`
/// (GitLab's `path_with_namespace`, Azure's `project/repository`). `platformID` survives renames
/// (GitHub's numeric id, Bitbucket's `{uuid}`, Azure's repository GUID).
public struct RepositoryRef: Hashable, Sendable, CustomStringConvertible {
    public var platform: Platform
    public var platformID: String
    public var fullName: String

    public init(platform: Platform, platformID: String, fullName: String) {
        self.platform = platform
        self.platformID = platformID
        self.fullName = fullName
    }

    /// `github:owner/repo`
    public var description: String { "\(platform.rawValue):\(fullName)" }
}
