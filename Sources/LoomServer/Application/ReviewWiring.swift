// ReviewWiring: builds the review engine's environment (platform adapters, model access) from Settings.

import LoomCore
import LoomHTTPClient
import LoomPlatforms
import LoomReview
import Logging

/// Turns settings into the review runner's environment. Platform tokens go only to their own
/// platform's configured base URL; each adapter is built with exactly that URL.
enum ReviewWiring {
    static func environment(_ settings: Settings, http: any HTTPClient, clock: any Clock, logger: Logger) -> ReviewEnvironment {
        var platforms: [Platform: any PlatformClient] = [:]
        var missing: [Platform: String] = [:]
        for platform in Platform.allCases {
            switch configuration(platform, settings) {
            case .success(let configuration):
                platforms[platform] = PlatformClients.make(platform: platform, configuration: configuration,
                                                           http: MeteredHTTPClient(http, platform: platform))
            case .failure(let reason):
                missing[platform] = reason.message
            }
        }
        return ReviewEnvironment(
            platforms: platforms, unconfiguredPlatforms: missing, environment: { settings.environmentValue($0) },
            defaultModel: ModelSettings.serverDefault(baseURL: settings.defaultModel.baseURL, model: settings.defaultModel.model,
                                                      apiKeyEnv: settings.defaultModel.apiKeyEnv),
            allowedModelBaseURLs: settings.llmAllowedBaseURLs, modelHTTP: http, clock: clock, logger: logger)
    }

    struct Missing: Error {
        let message: String
    }

    private static func configuration(_ platform: Platform, _ settings: Settings) -> Result<PlatformAPIConfiguration, Missing> {
        switch platform {
        case .github:
            guard let token = settings.github.apiToken else { return .failure(Missing(message: "GITHUB_API_TOKEN is not set")) }
            return .success(.github(token: token, baseURL: settings.github.apiURL))
        case .gitlab:
            guard let token = settings.gitlab.apiToken else { return .failure(Missing(message: "GITLAB_API_TOKEN is not set")) }
            return .success(.gitlab(token: token, baseURL: settings.gitlab.baseURL))
        case .gitea:
            guard let token = settings.gitea.apiToken, let base = settings.gitea.baseURL else {
                return .failure(Missing(message: "GITEA_API_TOKEN and GITEA_BASE_URL must be set"))
            }
            return .success(.gitea(token: token, baseURL: base))
        case .bitbucket:
            if let username = settings.bitbucket.username, let password = settings.bitbucket.appPassword ?? settings.bitbucket.apiToken {
                return .success(.bitbucket(username: username, password: password, baseURL: settings.bitbucket.apiURL))
            }
            if let token = settings.bitbucket.apiToken {
                return .success(.bitbucket(accessToken: token, baseURL: settings.bitbucket.apiURL))
            }
            return .failure(Missing(message: "BITBUCKET_USERNAME with BITBUCKET_APP_PASSWORD, or BITBUCKET_API_TOKEN, must be set"))
        case .azureDevOps:
            guard let pat = settings.azureDevOps.pat else { return .failure(Missing(message: "AZURE_DEVOPS_PAT is not set")) }
            return .success(.azureDevOps(pat: pat, organization: settings.azureDevOps.organization,
                                         baseURL: settings.azureDevOps.baseURL))
        }
    }
}
