// AdvancedConfig: the `advanced` section — concurrency, caching and retries.

/// Tuning knobs, with every default of SPEC §5 filled in.
public struct AdvancedConfig: Hashable, Sendable {
    /// Run the enabled pipelines concurrently.
    public var parallelPipelines: Bool
    /// Cache the parsed config for 5 minutes, keyed by base SHA.
    public var cacheConfig: Bool
    /// Retry model calls on timeouts, 429 and 5xx.
    public var retryOnError: Bool
    /// Retries per model call, 0…5.
    public var maxRetries: Int

    /// Default values, as SPEC §5 lists them.
    public enum Defaults {
        public static let parallelPipelines = true
        public static let cacheConfig = true
        public static let retryOnError = true
        public static let maxRetries = 3
    }

    public init(parallelPipelines: Bool = Defaults.parallelPipelines, cacheConfig: Bool = Defaults.cacheConfig,
                retryOnError: Bool = Defaults.retryOnError, maxRetries: Int = Defaults.maxRetries) {
        self.parallelPipelines = parallelPipelines
        self.cacheConfig = cacheConfig
        self.retryOnError = retryOnError
        self.maxRetries = maxRetries
    }

    /// The retries actually allowed: none when `retryOnError` is off.
    public var effectiveRetries: Int { retryOnError ? maxRetries : 0 }
}
