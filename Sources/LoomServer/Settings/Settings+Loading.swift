// Settings+Loading: builds Settings from the process environment, `.env` and defaults, validating everything.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomPostgres
import LoomRedis

extension Settings {
    /// Loads and validates the settings.
    ///
    /// Precedence: `environment`, then `.env` in `workingDirectory`, then defaults. An empty value
    /// counts as unset. `readFile` reads `.env` and `X_FILE` secrets; it must throw
    /// `SystemError` with `ENOENT` for a missing file, which for `.env` is fine.
    ///
    /// - Throws: `SettingsError` listing every invalid variable (secrets' values never shown).
    public static func load(environment: [String: String], workingDirectory: String,
                            readFile: (String) throws -> String) throws -> Settings {
        var problems: [SettingsError.Problem] = []
        let dotEnv = readDotEnv(workingDirectory: workingDirectory, readFile: readFile, problems: &problems)
        let merged = resolveSecrets(environment: environment, dotEnv: dotEnv, workingDirectory: workingDirectory,
                                    readFile: readFile, problems: &problems)
        var reader = SettingsReader(values: merged)
        var settings = Settings()
        settings.environment = merged
        settings.readServer(&reader, workingDirectory: workingDirectory)
        settings.readPlatforms(&reader)
        settings.readModels(&reader)
        problems += reader.problems
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        return settings
    }

    /// The parsed `.env`, or nothing when the file does not exist.
    private static func readDotEnv(workingDirectory: String, readFile: (String) throws -> String,
                                   problems: inout [SettingsError.Problem]) -> [String: String] {
        let text: String
        do {
            text = try readFile(absolutePath(".env", in: workingDirectory))
        } catch let error as SystemError where error.code == ENOENT {
            return [:]
        } catch {
            problems.append(.init(variable: ".env", message: "cannot read: \(error)"))
            return [:]
        }
        do {
            return try DotEnvFile(parsing: text, fileName: ".env").values
        } catch {
            problems.append(.init(variable: ".env", message: "line \(error.line): \(error.reason)"))
            return [:]
        }
    }

    private mutating func readServer(_ reader: inout SettingsReader, workingDirectory: String) {
        if let value = reader.string("HOST") {
            if value.utf8.contains(where: { $0 <= 0x20 }) {
                reader.report("HOST", "must be an address or host name without spaces", value: value)
            } else {
                host = value
            }
        }
        port = reader.integer("PORT", default: port, in: 0...65535)
        dataDirectory = Settings.absolutePath(reader.string("LOOM_DATA_DIR") ?? dataDirectory, in: workingDirectory)
        databaseURL = reader.url("DATABASE_URL", schemes: ["postgresql://", "postgres://", "sqlite://"])
        if let url = postgreSQLURL {
            do throws(PostgresError) { _ = try PostgresConfiguration(url: url) } catch {
                reader.report("DATABASE_URL", "is not a valid PostgreSQL URL: \(error)", value: url)
            }
        }
        databasePoolSize = reader.integer("DATABASE_POOL_SIZE", default: databasePoolSize, in: 1...1_000)
        redisURL = reader.url("REDIS_URL", schemes: ["redis://", "rediss://"])
        if let url = redisURL {
            do throws(RedisError) { _ = try RedisConfiguration(url: url) } catch {
                reader.report("REDIS_URL", error.description, value: url)
            }
        }
        workers = reader.integer("WORKERS", default: workers, in: 1...256)
        logLevel = reader.choice("LOG_LEVEL", default: logLevel, expected: "one of DEBUG, INFO, WARNING, ERROR, CRITICAL") {
            LogLevel(parsing: $0)
        }
        logFormat = reader.choice("LOG_FORMAT", default: logFormat, expected: "json or text") { LogFormat(parsing: $0) }
        adminToken = reader.string("LOOM_ADMIN_TOKEN")
        if let text = reader.string("TRUSTED_PROXIES") {
            var blocks: [CIDRBlock] = []
            for item in text.split(separator: ",").map({ SettingsReader.trimmed($0) }) where !item.isEmpty {
                if let block = CIDRBlock(item) {
                    blocks.append(block)
                } else {
                    reader.report("TRUSTED_PROXIES", "each item must be an IP address or CIDR block like 10.0.0.0/8", value: item)
                }
            }
            trustedProxies = blocks
        }
        rateLimitEnabled = reader.boolean("RATE_LIMIT_ENABLED", default: rateLimitEnabled)
        rateLimitPerHour = reader.integer("RATE_LIMIT_PER_HOUR", default: rateLimitPerHour, in: 1...Int.max)
        rateLimitGlobal = reader.integer("RATE_LIMIT_GLOBAL", default: rateLimitGlobal, in: 1...Int.max)
        maxBodyBytes = reader.integer("LOOM_MAX_BODY_BYTES", default: maxBodyBytes, in: 1...Int.max)
        reviewDrafts = reader.boolean("LOOM_REVIEW_DRAFTS", default: reviewDrafts)
        repoAllowlist = reader.list("LOOM_REPO_ALLOWLIST")

        // Upper bounds keep seconds-to-nanoseconds arithmetic far from overflow.
        eventLoops = reader.integer("LOOM_EVENT_LOOPS", default: eventLoops, in: 1...256)
        headerTimeoutSeconds = reader.integer("LOOM_HEADER_TIMEOUT_SECONDS", default: headerTimeoutSeconds, in: 1...86_400)
        bodyTimeoutSeconds = reader.integer("LOOM_BODY_TIMEOUT_SECONDS", default: bodyTimeoutSeconds, in: 1...86_400)
        idleTimeoutSeconds = reader.integer("LOOM_IDLE_TIMEOUT_SECONDS", default: idleTimeoutSeconds, in: 1...86_400)
        shutdownGraceSeconds = reader.integer("LOOM_SHUTDOWN_GRACE_SECONDS", default: shutdownGraceSeconds, in: 0...86_400)
        jobLeaseSeconds = reader.integer("LOOM_JOB_LEASE_SECONDS", default: jobLeaseSeconds, in: 1...86_400)
    }

    private mutating func readPlatforms(_ reader: inout SettingsReader) {
        github.apiToken = reader.string("GITHUB_API_TOKEN")
        github.webhookSecret = reader.string("GITHUB_WEBHOOK_SECRET")
        github.apiURL = reader.url("GITHUB_API_URL") ?? github.apiURL

        gitlab.apiToken = reader.string("GITLAB_API_TOKEN")
        gitlab.webhookSecret = reader.string("GITLAB_WEBHOOK_SECRET")
        gitlab.baseURL = reader.url("GITLAB_BASE_URL") ?? gitlab.baseURL

        bitbucket.username = reader.string("BITBUCKET_USERNAME")
        bitbucket.appPassword = reader.string("BITBUCKET_APP_PASSWORD")
        bitbucket.apiToken = reader.string("BITBUCKET_API_TOKEN")
        bitbucket.webhookSecret = reader.string("BITBUCKET_WEBHOOK_SECRET")
        bitbucket.webhookUUIDs = reader.list("BITBUCKET_WEBHOOK_UUIDS") ?? []
        bitbucket.apiURL = reader.url("BITBUCKET_API_URL") ?? bitbucket.apiURL

        gitea.apiToken = reader.string("GITEA_API_TOKEN")
        gitea.webhookSecret = reader.string("GITEA_WEBHOOK_SECRET")
        gitea.baseURL = reader.url("GITEA_BASE_URL")
        // Gitea has no public instance to default to; without a base URL its API cannot be reached.
        if gitea.baseURL == nil, reader.string("GITEA_BASE_URL") == nil,
           gitea.apiToken != nil || gitea.webhookSecret != nil {
            reader.report("GITEA_BASE_URL", "required when GITEA_API_TOKEN or GITEA_WEBHOOK_SECRET is set (e.g. https://git.example.com/api/v1)")
        }

        azureDevOps.pat = reader.string("AZURE_DEVOPS_PAT")
        azureDevOps.webhookSecret = reader.string("AZURE_DEVOPS_WEBHOOK_SECRET")
        azureDevOps.organization = reader.string("AZURE_DEVOPS_ORGANIZATION")
        azureDevOps.baseURL = reader.url("AZURE_DEVOPS_BASE_URL") ?? azureDevOps.baseURL
    }

    private mutating func readModels(_ reader: inout SettingsReader) {
        defaultModel.baseURL = reader.url("LOOM_DEFAULT_MODEL_BASE_URL")
        defaultModel.model = reader.string("LOOM_DEFAULT_MODEL")
        if let name = reader.string("LOOM_DEFAULT_MODEL_API_KEY_ENV") {
            // Same rule as `api_key_env` in repository configs: only LLM keys may be sent to a model.
            if name.hasSuffix("_API_KEY"), name.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) {
                defaultModel.apiKeyEnv = name
            } else {
                reader.report("LOOM_DEFAULT_MODEL_API_KEY_ENV", "must be a variable name like OPENAI_API_KEY (A-Z, 0-9, _; ending in _API_KEY)", value: name)
            }
        }
        let hasBaseURL = reader.string("LOOM_DEFAULT_MODEL_BASE_URL") != nil
        if hasBaseURL != (defaultModel.model != nil) {
            let missing = hasBaseURL ? "LOOM_DEFAULT_MODEL" : "LOOM_DEFAULT_MODEL_BASE_URL"
            let given = hasBaseURL ? "LOOM_DEFAULT_MODEL_BASE_URL" : "LOOM_DEFAULT_MODEL"
            reader.report(missing, "required when \(given) is set")
        }
        if let prefixes = reader.list("LOOM_LLM_ALLOWED_BASE_URLS") {
            for prefix in prefixes where !SettingsReader.hasScheme(prefix, among: ["http://", "https://"]) {
                reader.report("LOOM_LLM_ALLOWED_BASE_URLS", "each item must be an http:// or https:// URL", value: prefix)
            }
            llmAllowedBaseURLs = prefixes
        }
    }
}
