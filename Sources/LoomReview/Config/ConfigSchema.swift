// ConfigSchema: the keys each section of `.loom/config.yaml` allows, and names a config may not use.

/// Key names per section, in the order SPEC §5 lists them (which is also the order "did you
/// mean" prefers on ties).
enum ConfigSchema {
    static let root = ["models", "pipelines", "triggers", "output", "advanced"]
    static let model = ["base_url", "model", "api_key_env", "provider", "temperature", "max_tokens", "timeout",
                        "context_window", "json_mode"]
    static let pipeline = ["name", "model", "prompt_file", "severity", "enabled", "include_paths", "exclude_paths"]
    static let triggers = ["branches", "ignore_authors", "ignore_paths", "min_changes", "max_changes", "max_files"]
    static let output = ["summary", "inline_comments", "min_severity", "max_comments", "max_comments_per_file",
                         "group_by_file"]
    static let advanced = ["parallel_pipelines", "cache_config", "retry_on_error", "max_retries"]

    /// Largest config accepted: far beyond any real one, small enough that parsing is cheap.
    static let maxDocumentBytes = 256 * 1024
    static let maxPipelines = 20

    /// The section a key belongs to, to tell a user who put it in the wrong place.
    static func section(containing key: String) -> String? {
        let sections: [(String, [String])] = [
            ("triggers", triggers), ("output", output), ("advanced", advanced),
            ("models.<name>", model), ("pipelines[]", pipeline),
        ]
        return sections.first { $0.1.contains(key) }?.0
    }

    /// Environment variables a repository config must never name in `api_key_env`. The config
    /// comes from the repository, so anyone who can merge to it could otherwise make Loom send the
    /// server's platform token, admin token or database credentials to a URL they choose.
    /// Prefixes cover every variable of a platform (tokens, webhook secrets, passwords) and all of
    /// Loom's own (`LOOM_ADMIN_TOKEN`, and `LOOM_DEFAULT_MODEL_API_KEY_ENV`, which names a key
    /// variable but is itself a Loom setting).
    static let reservedEnvironmentPrefixes = ["GITHUB_", "GITLAB_", "BITBUCKET_", "GITEA_", "AZURE_DEVOPS_", "LOOM_"]
    /// Whole names refused for the same reason (connection strings with credentials).
    static let reservedEnvironmentNames: Set<String> = ["DATABASE_URL", "REDIS_URL"]

    static func isReservedEnvironmentName(_ name: String) -> Bool {
        reservedEnvironmentNames.contains(name) || reservedEnvironmentPrefixes.contains { name.hasPrefix($0) }
    }
}
