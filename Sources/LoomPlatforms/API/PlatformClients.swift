// PlatformClients: the factory that picks the adapter for a platform.

public import LoomCore
public import LoomHTTPClient

/// Builds `PlatformClient`s. The composition root calls this once per configured platform.
public enum PlatformClients {
    /// The adapter for `platform`, talking only to `configuration.baseURL` through `http`.
    public static func make(platform: Platform, configuration: PlatformAPIConfiguration,
                            http: any HTTPClient) -> any PlatformClient {
        switch platform {
        case .github: GitHubAPI(configuration: configuration, http: http)
        case .gitlab: GitLabAPI(configuration: configuration, http: http)
        case .gitea: GiteaAPI(configuration: configuration, http: http)
        case .bitbucket: BitbucketAPI(configuration: configuration, http: http)
        case .azureDevOps: AzureDevOpsAPI(configuration: configuration, http: http)
        }
    }
}
