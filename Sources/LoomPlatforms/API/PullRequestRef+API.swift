// PullRequestRef+API: the identifiers adapters put in URLs, from webhook attributes or the full name.

public import LoomCore

extension PullRequestRef {
    /// A PR in `owner/name` (GitHub, Gitea, Bitbucket `workspace/slug`, GitLab `group/project`).
    public init(platform: Platform, fullName: String, number: Int, platformID: String = "",
                attributes: [String: String] = [:]) {
        self.init(repository: RepositoryRef(platform: platform, platformID: platformID, fullName: fullName),
                  number: number, attributes: attributes)
    }

    /// `(owner, name)`: the webhook's attributes, else the full name split at its first `/`.
    func ownerAndName(ownerKey: String, nameKey: String) throws(PlatformAPIError) -> (owner: String, name: String) {
        if let owner = attributes[ownerKey], let name = attributes[nameKey], !owner.isEmpty, !name.isEmpty {
            return (owner, name)
        }
        let fullName = repository.fullName
        guard let slash = fullName.firstIndex(of: "/") else {
            throw PlatformAPIError(platform: repository.platform, status: nil,
                                   message: "repository \"\(fullName)\" is not in owner/name form", isTransient: false)
        }
        let owner = String(fullName[..<slash])
        let name = String(fullName[fullName.index(after: slash)...])
        guard !owner.isEmpty, !name.isEmpty else {
            throw PlatformAPIError(platform: repository.platform, status: nil,
                                   message: "repository \"\(fullName)\" is not in owner/name form", isTransient: false)
        }
        return (owner, name)
    }
}
