// SettingsValidationTests: every invalid variable is reported at once, by name, and secrets never leak.

import LoomCore
import Testing
@testable import LoomServer

@Suite("Settings validation")
struct SettingsValidationTests {
    @Test func everyInvalidVariableIsNamedInOneError() throws {
        let invalid: [String: String] = [
            "HOST": "0.0.0.0 ", "PORT": "http", "DATABASE_URL": "mysql://root:dbpass-123@db/loom",
            "REDIS_URL": "http://:redispass-456@cache", "WORKERS": "0", "LOG_LEVEL": "verbose", "LOG_FORMAT": "xml",
            "TRUSTED_PROXIES": "10.0.0.0/8,10.0.0.0/33", "RATE_LIMIT_ENABLED": "maybe", "RATE_LIMIT_PER_HOUR": "-1",
            "RATE_LIMIT_GLOBAL": "1e3", "LOOM_MAX_BODY_BYTES": "0", "LOOM_REVIEW_DRAFTS": "on",
            "GITHUB_API_URL": "ftp://github.example.com", "GITLAB_BASE_URL": "gitlab.com/api/v4",
            "BITBUCKET_API_URL": "https://bb example.com", "GITEA_WEBHOOK_SECRET": "gitea-secret-789",
            "AZURE_DEVOPS_BASE_URL": "https:///nohost", "LOOM_DEFAULT_MODEL_BASE_URL": "localhost:11434",
            "LOOM_DEFAULT_MODEL_API_KEY_ENV": "GITHUB_API_TOKEN", "LOOM_LLM_ALLOWED_BASE_URLS": "https://ok.example.com,nope",
            "LOOM_EVENT_LOOPS": "257", "LOOM_HEADER_TIMEOUT_SECONDS": "0", "LOOM_BODY_TIMEOUT_SECONDS": "x",
            "LOOM_IDLE_TIMEOUT_SECONDS": "-5", "LOOM_SHUTDOWN_GRACE_SECONDS": "-1", "LOOM_JOB_LEASE_SECONDS": "99999999",
        ]
        let error = try #require(SettingsFixture.error(invalid))
        let expected: Set<String> = Set(invalid.keys)
            .subtracting(["GITEA_WEBHOOK_SECRET"])
            .union(["GITEA_BASE_URL", "LOOM_DEFAULT_MODEL"])
        #expect(Set(error.variables) == expected)
        for variable in expected {
            #expect(error.description.contains("\n  \(variable): "), "\(variable) missing from: \(error)")
        }
        for secret in ["dbpass-123", "redispass-456", "gitea-secret-789"] {
            #expect(!error.description.contains(secret))
        }
    }

    @Test func messagesShowNonSecretValuesAndHideSecretOnes() throws {
        let error = try #require(SettingsFixture.error(["PORT": "http", "DATABASE_URL": "mysql://root:pw@db/x", "LOG_LEVEL": "loud"]))
        #expect(error.description == """
            invalid settings:
              PORT: must be an integer from 0 to 65535 (got "http")
              DATABASE_URL: must start with postgresql://, postgres:// or sqlite:// (value hidden)
              LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got "loud")
            """)
    }

    @Test func valuesInMessagesStayOnOneLine() throws {
        let error = try #require(SettingsFixture.error(["WORKERS": "3\n  PORT: injected"]))
        #expect(error.description == "invalid setting:\n  WORKERS: must be an integer from 1 to 256 (got \"3\\n  PORT: injected\")")
    }

    @Test(arguments: [("0", true), ("1", true), ("65535", true), ("65536", false), ("-1", false), ("80.5", false), (" 80", false)])
    func portRange(text: String, valid: Bool) {
        let settings = try? SettingsFixture.load(["PORT": text])
        #expect((settings != nil) == valid)
    }

    @Test(arguments: [
        ("true", true), ("TRUE", true), ("1", true), ("yes", true), ("Yes", true),
        ("false", false), ("False", false), ("0", false), ("no", false), ("NO", false),
    ])
    func booleans(text: String, value: Bool) throws {
        #expect(try SettingsFixture.load(["LOOM_REVIEW_DRAFTS": text]).reviewDrafts == value)
    }

    @Test(arguments: ["postgresql://u:p@h:5432/db?sslmode=require", "postgres://h/db", "sqlite:///data/loom.db", "PostgreSQL://h/db"])
    func acceptedDatabaseURLs(url: String) throws {
        #expect(try SettingsFixture.load(["DATABASE_URL": url]).databaseURL == url)
    }

    @Test(arguments: ["redis://localhost:6379/0", "redis://:pw@cache:6380", "redis://:p@redis:6379/2"])
    func acceptedRedisURLs(url: String) throws {
        #expect(try SettingsFixture.load(["REDIS_URL": url]).redisURL == url)
    }

    @Test func tlsRedisIsRefusedWithTheReason() throws {
        let error = SettingsFixture.error(["REDIS_URL": "rediss://:pw@cache:6380"])
        #expect(error?.variables == ["REDIS_URL"])
        #expect(error?.description.contains("TLS") == true)
        #expect(error?.description.contains("pw") == false, "the password stays hidden")
    }

    @Test func unusablePostgreSQLURLsNameTheVariable() throws {
        for url in ["postgresql://loom:secret@db:notaport/loom", "postgresql://loom@db/loom?sslmode=sometimes"] {
            let error = SettingsFixture.error(["DATABASE_URL": url])
            #expect(error?.variables == ["DATABASE_URL"], "\(url)")
            #expect(error?.description.contains("secret") == false, "the password stays hidden")
        }
    }

    @Test func giteaBaseURLIsRequiredOnlyWhenGiteaIsUsed() throws {
        #expect(try SettingsFixture.load().gitea.baseURL == nil)
        #expect(SettingsFixture.error(["GITEA_API_TOKEN": "t"])?.variables == ["GITEA_BASE_URL"])
        let configured = try SettingsFixture.load(["GITEA_WEBHOOK_SECRET": "s", "GITEA_BASE_URL": "https://codeberg.org/api/v1/"])
        #expect(configured.gitea.baseURL == "https://codeberg.org/api/v1")
    }

    @Test func defaultModelNeedsBothBaseURLAndModel() {
        #expect(SettingsFixture.error(["LOOM_DEFAULT_MODEL": "llama3"])?.variables == ["LOOM_DEFAULT_MODEL_BASE_URL"])
        #expect(SettingsFixture.error(["LOOM_DEFAULT_MODEL_BASE_URL": "http://ollama:11434/v1"])?.variables == ["LOOM_DEFAULT_MODEL"])
    }

    @Test func logLevelIsCaseInsensitive() throws {
        #expect(try SettingsFixture.load(["LOG_LEVEL": "Debug"]).logLevel == .debug)
        #expect(try SettingsFixture.load(["LOG_LEVEL": "critical"]).logLevel == .critical)
    }

    @Test func invalidValuesInDotEnvAreReportedToo() throws {
        let error = try #require(SettingsFixture.error(dotEnv: "WORKERS=many\nGITHUB_WEBHOOK_SECRET_FILE=/missing\n"))
        #expect(error.variables == ["GITHUB_WEBHOOK_SECRET_FILE", "WORKERS"])
    }

    @Test(arguments: [
        ("GITHUB_API_TOKEN", true), ("GITHUB_WEBHOOK_SECRET", true), ("BITBUCKET_APP_PASSWORD", true),
        ("AZURE_DEVOPS_PAT", true), ("OPENAI_API_KEY", true), ("DATABASE_URL", true), ("REDIS_URL", true),
        ("LOOM_ADMIN_TOKEN", true), ("GITHUB_API_URL", false), ("LOOM_DEFAULT_MODEL_API_KEY_ENV", false),
        ("BITBUCKET_WEBHOOK_UUIDS", false), ("PORT", false),
    ])
    func secretNames(name: String, secret: Bool) {
        #expect(Settings.isSecret(name) == secret)
    }

    @Test func redactedSummaryShowsOnlyWhetherSecretsAreSet() throws {
        let settings = try SettingsFixture.load([
            "GITHUB_WEBHOOK_SECRET": "gh-secret-value", "DATABASE_URL": "postgresql://u:db-password@h/db",
            "OPENAI_API_KEY": "sk-live", "PORT": "8080",
        ])
        let summary = settings.redactedSummary()
        let lookup = Dictionary(summary, uniquingKeysWith: { first, _ in first })
        #expect(lookup.count == summary.count, "no variable listed twice")
        #expect(lookup["GITHUB_WEBHOOK_SECRET"] == "set")
        #expect(lookup["GITLAB_WEBHOOK_SECRET"] == "unset")
        #expect(lookup["DATABASE_URL"] == "set")
        #expect(lookup["PORT"] == "8080")
        #expect(lookup["TRUSTED_PROXIES"] == "127.0.0.0/8,::1/128")
        let text = summary.map { "\($0)=\($1)" }.joined(separator: " ")
        for secret in ["gh-secret-value", "db-password", "sk-live"] {
            #expect(!text.contains(secret))
        }
        let interpolated = "\(settings) \(String(reflecting: settings))"
        #expect(interpolated.contains("GITHUB_WEBHOOK_SECRET=set"))
        for secret in ["gh-secret-value", "db-password", "sk-live"] {
            #expect(!interpolated.contains(secret))
        }
        for (name, _) in summary where Settings.isSecret(name) {
            #expect(["set", "unset"].contains(lookup[name]!), "\(name)")
        }
    }
}
