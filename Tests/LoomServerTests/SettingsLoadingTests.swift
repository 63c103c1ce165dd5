// SettingsLoadingTests: precedence (environment > .env > defaults), `X_FILE` secrets and typed values.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import Testing
@testable import LoomServer

/// Loads settings against an in-memory file system rooted at `/srv/loom`.
enum SettingsFixture {
    static let workingDirectory = "/srv/loom"

    static func load(_ environment: [String: String] = [:], dotEnv: String? = nil,
                     files: [String: String] = [:]) throws -> Settings {
        var files = files
        if let dotEnv { files[workingDirectory + "/.env"] = dotEnv }
        return try Settings.load(environment: environment, workingDirectory: workingDirectory) { path in
            guard let content = files[path] else { throw SystemError(code: ENOENT, call: "open") }
            return content
        }
    }

    /// The error `load` throws, or nil (with a test issue recorded) if it succeeds.
    static func error(_ environment: [String: String] = [:], dotEnv: String? = nil,
                      files: [String: String] = [:]) -> SettingsError? {
        do {
            _ = try load(environment, dotEnv: dotEnv, files: files)
            Issue.record("expected a SettingsError")
            return nil
        } catch let error as SettingsError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

@Suite("Settings loading")
struct SettingsLoadingTests {
    @Test func defaultsWithNothingSet() throws {
        let settings = try SettingsFixture.load()
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 8000)
        #expect(settings.dataDirectory == "/srv/loom/.loom-data")
        #expect(settings.databaseURL == nil && settings.redisURL == nil)
        #expect(settings.workers == 3)
        #expect(settings.logLevel == .info && settings.logFormat == .json)
        #expect(settings.trustedProxies.map(\.description) == ["127.0.0.0/8", "::1/128"])
        #expect(settings.rateLimitEnabled && settings.rateLimitPerHour == 100 && settings.rateLimitGlobal == 1000)
        #expect(settings.maxBodyBytes == 26_214_400 && !settings.reviewDrafts && settings.repoAllowlist == nil)
        #expect(settings.github.apiURL == "https://api.github.com")
        #expect(settings.gitlab.baseURL == "https://gitlab.com/api/v4")
        #expect(settings.bitbucket.apiURL == "https://api.bitbucket.org/2.0")
        #expect(settings.azureDevOps.baseURL == "https://dev.azure.com")
        #expect(settings.gitea.baseURL == nil && !settings.defaultModel.isConfigured)
        #expect(settings.eventLoops == Settings.onlineProcessorCount())
        #expect((1...256).contains(settings.eventLoops))
        #expect(settings.headerTimeoutSeconds == 10 && settings.bodyTimeoutSeconds == 30)
        #expect(settings.idleTimeoutSeconds == 75 && settings.shutdownGraceSeconds == 25 && settings.jobLeaseSeconds == 30)
        #expect(settings.idleTimeout == .seconds(75))
        #expect(settings == Settings.withDataDirectory("/srv/loom/.loom-data"))
    }

    @Test func environmentBeatsDotEnvBeatsDefaults() throws {
        let settings = try SettingsFixture.load(
            ["PORT": "9000", "LOG_FORMAT": "text"],
            dotEnv: "PORT=9100\nHOST=127.0.0.1\nLOG_FORMAT=json\n")
        #expect(settings.port == 9000)
        #expect(settings.logFormat == .text)
        #expect(settings.host == "127.0.0.1")
        #expect(settings.workers == 3)
        #expect(settings.environment["HOST"] == "127.0.0.1")
    }

    @Test func emptyValuesMeanUnset() throws {
        // An empty variable in the environment still hides the `.env` value, and then the default applies.
        let settings = try SettingsFixture.load(["LOG_LEVEL": ""], dotEnv: "LOG_LEVEL=DEBUG\nWORKERS=\nGITHUB_WEBHOOK_SECRET=\n")
        #expect(settings.logLevel == .info)
        #expect(settings.workers == 3)
        #expect(settings.github.webhookSecret == nil)
    }

    @Test func missingDotEnvIsFineButAnUnreadableOneIsNot() {
        #expect(throws: Never.self) { try SettingsFixture.load() }
        do {
            _ = try Settings.load(environment: [:], workingDirectory: "/srv") { _ in throw SystemError(code: EACCES, call: "open") }
        } catch let error as SettingsError {
            #expect(error.variables == [".env"])
            #expect(error.description.contains("Permission denied"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func dotEnvSyntaxErrorNamesTheLine() {
        let error = SettingsFixture.error(dotEnv: "PORT=1\nnonsense\n")
        #expect(error?.problems == [.init(variable: ".env", message: "line 2: expected KEY=value")])
    }

    @Test func secretsFromFiles() throws {
        let settings = try SettingsFixture.load(
            ["GITHUB_WEBHOOK_SECRET_FILE": "/run/secrets/github", "DATABASE_URL_FILE": "secrets/db",
             "OPENAI_API_KEY_FILE": "./secrets/openai"],
            files: ["/run/secrets/github": "s3cret\n\n", "/srv/loom/secrets/db": "postgresql://u:p@db/loom\r\n",
                    "/srv/loom/secrets/openai": "sk-test"])
        #expect(settings.github.webhookSecret == "s3cret")
        #expect(settings.databaseURL == "postgresql://u:p@db/loom")
        #expect(settings.environmentValue("OPENAI_API_KEY") == "sk-test")
        #expect(settings.environment["GITHUB_WEBHOOK_SECRET_FILE"] == nil)
    }

    @Test func fileSecretsKeepInnerNewlines() throws {
        let settings = try SettingsFixture.load(["LOOM_ADMIN_TOKEN_FILE": "/t"], files: ["/t": "a\nb\n"])
        #expect(settings.adminToken == "a\nb")
    }

    @Test func valueAndFileInTheSameSourceConflict() {
        for (environment, dotEnv) in [
            (["GITLAB_WEBHOOK_SECRET": "plain-secret", "GITLAB_WEBHOOK_SECRET_FILE": "/s"], nil),
            ([:], "GITLAB_WEBHOOK_SECRET=plain-secret\nGITLAB_WEBHOOK_SECRET_FILE=/s\n"),
        ] as [([String: String], String?)] {
            let error = SettingsFixture.error(environment, dotEnv: dotEnv, files: ["/s": "file-secret"])
            #expect(error?.variables == ["GITLAB_WEBHOOK_SECRET"])
            #expect(error?.description.contains("GITLAB_WEBHOOK_SECRET_FILE") == true)
            #expect(error?.description.contains("plain-secret") == false)
            #expect(error?.description.contains("file-secret") == false)
        }
    }

    @Test func environmentFileBeatsDotEnvValueAndViceVersa() throws {
        let fromFile = try SettingsFixture.load(["GITEA_API_TOKEN_FILE": "/t", "GITEA_BASE_URL": "https://git.example.com/api/v1"],
                                                dotEnv: "GITEA_API_TOKEN=stale\n", files: ["/t": "fresh"])
        #expect(fromFile.gitea.apiToken == "fresh")
        let fromValue = try SettingsFixture.load(["GITEA_API_TOKEN": "fresh", "GITEA_BASE_URL": "https://git.example.com/api/v1"],
                                                 dotEnv: "GITEA_API_TOKEN_FILE=/missing\n")
        #expect(fromValue.gitea.apiToken == "fresh")
    }

    @Test func missingOrEmptySecretFile() {
        let error = SettingsFixture.error(["REDIS_URL_FILE": "/run/secrets/redis", "AZURE_DEVOPS_PAT_FILE": "/empty"],
                                          files: ["/empty": "\n"])
        #expect(error?.variables == ["AZURE_DEVOPS_PAT_FILE", "REDIS_URL_FILE"])
        #expect(error?.description.contains(#"REDIS_URL_FILE: cannot read "/run/secrets/redis""#) == true)
        #expect(error?.description.contains(#"AZURE_DEVOPS_PAT_FILE: file "/empty" is empty"#) == true)
    }

    @Test func fileSuffixOnlyAppliesToSecrets() throws {
        let settings = try SettingsFixture.load(["PORT_FILE": "/nonexistent"])
        #expect(settings.port == 8000)
        #expect(settings.environment["PORT_FILE"] == "/nonexistent")
    }

    @Test func everyVariableIsRead() throws {
        let settings = try SettingsFixture.load([
            "HOST": "::", "PORT": "0", "LOOM_DATA_DIR": "/var/lib/loom", "DATABASE_URL": "sqlite:///var/lib/loom/db.sqlite",
            "REDIS_URL": "redis://:pw@cache:6380/1", "WORKERS": "256", "LOG_LEVEL": "warning", "LOG_FORMAT": "TEXT",
            "LOOM_ADMIN_TOKEN": "admin", "TRUSTED_PROXIES": " 10.0.0.0/8 , fd00::/8,", "RATE_LIMIT_ENABLED": "No",
            "RATE_LIMIT_PER_HOUR": "5", "RATE_LIMIT_GLOBAL": "50", "LOOM_MAX_BODY_BYTES": "1024", "LOOM_REVIEW_DRAFTS": "YES",
            "LOOM_REPO_ALLOWLIST": "acme/*, tools/lint", "GITHUB_API_TOKEN": "ght", "GITHUB_WEBHOOK_SECRET": "ghs",
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/", "GITLAB_API_TOKEN": "glt", "GITLAB_WEBHOOK_SECRET": "gls",
            "GITLAB_BASE_URL": "http://gitlab.local/api/v4", "BITBUCKET_USERNAME": "bob", "BITBUCKET_APP_PASSWORD": "bbp",
            "BITBUCKET_API_TOKEN": "bbt", "BITBUCKET_WEBHOOK_SECRET": "bbs", "BITBUCKET_WEBHOOK_UUIDS": "{a-1},{b-2}",
            "BITBUCKET_API_URL": "https://bb.example.com/2.0", "GITEA_API_TOKEN": "gtt", "GITEA_WEBHOOK_SECRET": "gts",
            "GITEA_BASE_URL": "https://git.example.com/api/v1", "AZURE_DEVOPS_PAT": "adp", "AZURE_DEVOPS_WEBHOOK_SECRET": "ads",
            "AZURE_DEVOPS_ORGANIZATION": "acme", "AZURE_DEVOPS_BASE_URL": "https://tfs.example.com/tfs",
            "LOOM_DEFAULT_MODEL_BASE_URL": "https://api.openai.com/v1", "LOOM_DEFAULT_MODEL": "gpt-4o-mini",
            "LOOM_DEFAULT_MODEL_API_KEY_ENV": "OPENAI_API_KEY", "OPENAI_API_KEY": "sk-1",
            "LOOM_LLM_ALLOWED_BASE_URLS": "https://api.openai.com/,http://ollama:11434", "LOOM_EVENT_LOOPS": "4",
            "LOOM_HEADER_TIMEOUT_SECONDS": "5", "LOOM_BODY_TIMEOUT_SECONDS": "6", "LOOM_IDLE_TIMEOUT_SECONDS": "7",
            "LOOM_SHUTDOWN_GRACE_SECONDS": "0", "LOOM_JOB_LEASE_SECONDS": "9",
        ])
        #expect(settings.host == "::" && settings.port == 0 && settings.dataDirectory == "/var/lib/loom")
        #expect(settings.databaseURL == "sqlite:///var/lib/loom/db.sqlite" && settings.redisURL == "redis://:pw@cache:6380/1")
        #expect(settings.workers == 256 && settings.logLevel == .warning && settings.logFormat == .text)
        #expect(settings.adminToken == "admin")
        #expect(settings.trustedProxies == [CIDRBlock("10.0.0.0/8")!, CIDRBlock("fd00::/8")!])
        #expect(!settings.rateLimitEnabled && settings.rateLimitPerHour == 5 && settings.rateLimitGlobal == 50)
        #expect(settings.maxBodyBytes == 1024 && settings.reviewDrafts && settings.repoAllowlist == ["acme/*", "tools/lint"])
        #expect(settings.github.apiToken == "ght" && settings.github.webhookSecret == "ghs")
        #expect(settings.github.apiURL == "https://ghe.example.com/api/v3")
        #expect(settings.gitlab.apiToken == "glt" && settings.gitlab.webhookSecret == "gls" && settings.gitlab.baseURL == "http://gitlab.local/api/v4")
        #expect(settings.bitbucket.username == "bob" && settings.bitbucket.appPassword == "bbp" && settings.bitbucket.apiToken == "bbt")
        #expect(settings.bitbucket.webhookSecret == "bbs" && settings.bitbucket.webhookUUIDs == ["{a-1}", "{b-2}"])
        #expect(settings.bitbucket.apiURL == "https://bb.example.com/2.0")
        #expect(settings.gitea.apiToken == "gtt" && settings.gitea.webhookSecret == "gts" && settings.gitea.baseURL == "https://git.example.com/api/v1")
        #expect(settings.azureDevOps.pat == "adp" && settings.azureDevOps.webhookSecret == "ads")
        #expect(settings.azureDevOps.organization == "acme" && settings.azureDevOps.baseURL == "https://tfs.example.com/tfs")
        #expect(settings.defaultModel.baseURL == "https://api.openai.com/v1" && settings.defaultModel.model == "gpt-4o-mini")
        #expect(settings.defaultModel.apiKeyEnv == "OPENAI_API_KEY" && settings.environmentValue("OPENAI_API_KEY") == "sk-1")
        #expect(settings.llmAllowedBaseURLs == ["https://api.openai.com/", "http://ollama:11434"])
        #expect(settings.eventLoops == 4 && settings.headerTimeoutSeconds == 5 && settings.bodyTimeoutSeconds == 6)
        #expect(settings.idleTimeoutSeconds == 7 && settings.shutdownGraceSeconds == 0 && settings.jobLeaseSeconds == 9)
    }

    @Test func readsRealFilesAndTheProcessEnvironment() throws {
        #expect(throws: SystemError(code: ENOENT, call: "open")) { try Settings.readTextFile(atPath: "/nonexistent/loom/.env") }
        #expect(try Settings.readTextFile(atPath: "/proc/self/comm").isEmpty == false)
        #expect(Settings.processEnvironment()["PATH"] != nil)
        #expect(Settings.currentDirectory().hasPrefix("/"))
    }
}

extension Settings {
    /// Defaults with a given data directory, as `load` makes it absolute.
    fileprivate static func withDataDirectory(_ directory: String) -> Settings {
        var settings = Settings()
        settings.dataDirectory = directory
        return settings
    }
}
