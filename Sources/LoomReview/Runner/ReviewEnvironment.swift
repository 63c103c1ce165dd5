// ReviewEnvironment: what the review runner takes from the server: platform clients, model keys, limits.

public import LoomCore
public import LoomHTTPClient
public import LoomPlatforms
public import Logging

/// The server-side facts a review needs. Built once by the composition root from `Settings`.
public struct ReviewEnvironment: Sendable {
    /// The adapter of each platform that has API credentials configured.
    public var platforms: [Platform: any PlatformClient]
    /// Why a platform has no adapter (its missing variable), for a clear job error.
    public var unconfiguredPlatforms: [Platform: String]
    /// Looks up an environment variable (model keys named by `api_key_env`).
    public var environment: @Sendable (String) -> String?
    /// The model for repositories without `.loom/config.yaml`, nil when the server has none.
    public var defaultModel: ModelSettings?
    /// URL prefixes repository configs may send keys to; nil allows any.
    public var allowedModelBaseURLs: [String]?
    /// Sends model requests.
    public var modelHTTP: any HTTPClient
    public var clock: any Clock
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Model calls of one review running at once.
    public var modelConcurrency: Int
    public var logger: Logger

    public init(platforms: [Platform: any PlatformClient], unconfiguredPlatforms: [Platform: String] = [:],
                environment: @escaping @Sendable (String) -> String?, defaultModel: ModelSettings?,
                allowedModelBaseURLs: [String]?, modelHTTP: any HTTPClient, clock: any Clock = SystemClock(),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                modelConcurrency: Int = 4, logger: Logger = Logger(label: "loom.review")) {
        self.platforms = platforms
        self.unconfiguredPlatforms = unconfiguredPlatforms
        self.environment = environment
        self.defaultModel = defaultModel
        self.allowedModelBaseURLs = allowedModelBaseURLs
        self.modelHTTP = modelHTTP
        self.clock = clock
        self.sleep = sleep
        self.modelConcurrency = max(1, modelConcurrency)
        self.logger = logger
    }

    /// Whether a repository config may send a key to `baseURL` (SPEC §5).
    public func allowsModelBaseURL(_ baseURL: String) -> Bool {
        guard let allowed = allowedModelBaseURLs, !allowed.isEmpty else { return true }
        return allowed.contains { prefix in
            // A prefix matches at a path boundary only: `https://api.x.com` must not allow `https://api.x.com.evil`.
            baseURL == prefix || baseURL.hasPrefix(prefix.hasSuffix("/") ? prefix : prefix + "/")
        }
    }
}
