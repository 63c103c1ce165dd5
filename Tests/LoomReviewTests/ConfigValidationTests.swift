// ConfigValidationTests: every invalid value is reported with its exact key path and line, all in one pass.

import LoomReview
import Testing

/// The errors of `yaml` (none when it is valid).
func configProblems(_ yaml: String, source: String = ".loom/config.yaml") -> [ConfigError] {
    switch ConfigLoader.parse(yaml: yaml, source: source) {
    case .success: []
    case .failure(let errors): errors.errors
    }
}

/// A valid config with `line` inserted into model `m` as its 5th line (so its line number is 5).
private func modelWith(_ line: String) -> String {
    "models:\n  m:\n    base_url: https://x.test\n    model: x\n    \(line)\npipelines:\n  - name: a\n    model: m\n"
}

/// A valid config with `line` inserted into the pipeline as its 9th line.
private func pipelineWith(_ line: String) -> String {
    "models:\n  m:\n    base_url: https://x.test\n    model: x\npipelines:\n  - name: a\n    model: m\n    # options\n    \(line)\n"
}

/// A valid config with `section` then `line` (indented) appended as lines 7 and 8.
private func sectionWith(_ section: String, _ line: String) -> String {
    "models:\n  m:\n    base_url: https://x.test\n    model: x\npipelines:\n  - {name: a, model: m}\n\(section):\n  \(line)\n"
}

@Suite("Config validation: values")
struct ConfigValidationTests {
    @Test("the documented message format")
    func exactFormat() {
        let errors = configProblems(pipelineWith("severity: critical"))
        #expect(errors.map(\.description) == [
            #".loom/config.yaml:9: pipelines[0].severity: must be one of blocker, warning, info (got "critical")"#,
        ])
    }

    @Test("model values out of range or of the wrong kind", arguments: [
        ("temperature: 2.5", "models.m.temperature", "between 0 and 2"),
        ("temperature: -0.1", "models.m.temperature", "between 0 and 2"),
        ("temperature: .nan", "models.m.temperature", "between 0 and 2"),
        ("temperature: hot", "models.m.temperature", "expected a number"),
        ("max_tokens: 0", "models.m.max_tokens", "from 1 to 128000"),
        ("max_tokens: 128001", "models.m.max_tokens", "from 1 to 128000"),
        ("max_tokens: 1.5", "models.m.max_tokens", "whole number"),
        ("max_tokens: \"4000\"", "models.m.max_tokens", "expected a whole number"),
        ("timeout: 301", "models.m.timeout", "from 1 to 300"),
        ("timeout: 0", "models.m.timeout", "from 1 to 300"),
        ("context_window: 0", "models.m.context_window", "at least 1"),
        ("context_window: 4000", "models.m.context_window", "larger than max_tokens"),
        ("json_mode: \"true\"", "models.m.json_mode", "expected true or false"),
        ("json_mode: 1", "models.m.json_mode", "expected true or false"),
        ("provider: azure", "models.m.provider", "must be one of openai, anthropic (got \"azure\")"),
        ("provider: [openai]", "models.m.provider", "must be one of openai, anthropic (got a list)"),
        ("api_key_env: openai_api_key", "models.m.api_key_env", "A-Z, 0-9 and _"),
        ("api_key_env: OPENAI_KEY", "models.m.api_key_env", "must end in _API_KEY"),
        ("api_key_env: GITHUB_API_TOKEN", "models.m.api_key_env", "must not name a platform or Loom variable"),
        ("api_key_env: GITHUB_API_KEY", "models.m.api_key_env", "must not name a platform or Loom variable"),
        ("api_key_env: LOOM_ADMIN_TOKEN", "models.m.api_key_env", "must not name a platform or Loom variable"),
        ("api_key_env: LOOM_DEFAULT_MODEL_API_KEY_ENV", "models.m.api_key_env", "must not name a platform or Loom variable"),
        ("api_key_env: GITLAB_API_TOKEN", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: BITBUCKET_APP_PASSWORD", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: GITEA_WEBHOOK_SECRET", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: AZURE_DEVOPS_PAT", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: DATABASE_URL", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: REDIS_URL", "models.m.api_key_env", "platform or Loom"),
        ("api_key_env: {name: X_API_KEY}", "models.m.api_key_env", "expected a string"),
    ])
    func modelValues(line: String, path: String, message: String) {
        let errors = configProblems(modelWith(line))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 5)
        #expect(errors.first?.keyPath == path)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test("keys that are allowed in api_key_env", arguments: ["OPENAI_API_KEY", "MY_PROXY_2_API_KEY", "AZURE_OPENAI_API_KEY"])
    func allowedKeyVariables(name: String) {
        #expect(configProblems(modelWith("api_key_env: \(name)")).isEmpty)
    }

    @Test("base_url must be an http(s) URL", arguments: [
        "ftp://x.test", "x.test", "https://", "https:///v1", "https://exa mple.com", "https://x.test/v1?key=1", "file:///etc",
    ])
    func baseURL(url: String) {
        let yaml = "models:\n  m:\n    model: x\n    base_url: '\(url)'\npipelines:\n  - {name: a, model: m}\n"
        let errors = configProblems(yaml)
        #expect(errors.map(\.keyPath) == ["models.m.base_url"])
        #expect(errors.first?.line == 4)
    }

    @Test("required model keys and bad model names")
    func requiredModelKeys() {
        let yaml = """
            models:
              m:
                temperature: 1
              "bad name":
                base_url: https://x.test
                model: x
              empty:
            pipelines:
              - {name: a, model: m}
            """
        let errors = configProblems(yaml)
        #expect(errors.map { "\($0.line) \($0.keyPath)" } == [
            "2 models.m.base_url", "2 models.m.model", "4 models.bad name", "7 models.empty",
        ])
    }

    @Test("pipeline values", arguments: [
        ("severity: 3", "pipelines[0].severity", "must be one of blocker, warning, info"),
        ("severity: Warning", "pipelines[0].severity", "did you mean `warning`?"),
        ("enabled: maybe", "pipelines[0].enabled", "expected true or false"),
        ("include_paths: src/**", "pipelines[0].include_paths", "expected a list of strings (got a string"),
        ("include_paths: {a: b}", "pipelines[0].include_paths", "expected a list of strings (got a mapping)"),
        ("exclude_paths: [ok, [nested]]", "pipelines[0].exclude_paths[1]", "expected a non-empty string (got a list)"),
        ("exclude_paths: ['']", "pipelines[0].exclude_paths[0]", "non-empty string"),
        ("prompt_file: /etc/passwd", "pipelines[0].prompt_file", "absolute paths are not allowed"),
        ("prompt_file: ../secrets.md", "pipelines[0].prompt_file", "must stay inside .loom/"),
        ("prompt_file: .loom/../README.md", "pipelines[0].prompt_file", "must stay inside .loom/"),
        ("prompt_file: prompts/../../x.md", "pipelines[0].prompt_file", "must stay inside .loom/"),
        ("prompt_file: 'C:\\x.md'", "pipelines[0].prompt_file", "backslashes"),
        ("prompt_file: prompts/", "pipelines[0].prompt_file", "must name a file"),
        ("prompt_file: ''", "pipelines[0].prompt_file", "must not be empty"),
    ])
    func pipelineValues(line: String, path: String, message: String) {
        let errors = configProblems(pipelineWith(line))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 9)
        #expect(errors.first?.keyPath == path)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test("pipeline names: required, lowercase, unique; model: required, defined")
    func pipelineNamesAndModels() {
        let yaml = """
            models:
              fast: {base_url: "https://x.test", model: x}
            pipelines:
              - name: general
                model: fast
              - name: General
                model: fast
              - name: general
                model: fsat
              - model: fast
              - name: other
            """
        let errors = configProblems(yaml)
        #expect(errors.map { "\($0.line) \($0.keyPath)" } == [
            "6 pipelines[1].name", "8 pipelines[2].name", "9 pipelines[2].model", "10 pipelines[3].name",
            "11 pipelines[4].model",
        ])
        #expect(errors[1].message.contains("duplicate pipeline name \"general\" (first used on line 4)"))
        #expect(errors[2].message.contains("unknown model \"fsat\""))
        #expect(errors[2].message.contains("did you mean `fast`?"))
        #expect(errors[3].message.hasPrefix("required"))
    }

    @Test("pipelines: list of 1 to 20")
    func pipelineCount() {
        let head = "models:\n  m: {base_url: 'https://x.test', model: x}\n"
        #expect(configProblems(head + "pipelines: []\n").map { "\($0.line) \($0.keyPath)" } == ["3 pipelines"])
        #expect(configProblems(head + "pipelines: {a: 1}\n").first?.message.contains("expected a list of pipelines") == true)
        #expect(configProblems(head + "pipelines:\n  - just-a-string\n").map(\.keyPath) == ["pipelines[0]"])
        let many = (0..<21).map { "  - {name: p\($0), model: m}\n" }.joined()
        let errors = configProblems(head + "pipelines:\n" + many)
        #expect(errors.map(\.message) == ["at most 20 pipelines are allowed (got 21)"])
    }

    @Test("models and pipelines are required; models needs one entry")
    func requiredSections() {
        #expect(configProblems("triggers: {}\n").map { "\($0.line) \($0.keyPath)" } == ["1 models", "1 pipelines"])
        let errors = configProblems("models: {}\npipelines:\n  - {name: a, model: m}\n")
        #expect(errors.map { "\($0.line) \($0.keyPath)" } == ["1 models"])
        #expect(configProblems("models: [a]\npipelines: []\n").count == 2)
        #expect(configProblems("").first?.message.contains("empty") == true)
        #expect(configProblems("# only a comment\n").first?.line == 1)
        #expect(configProblems("- a\n- b\n").first?.message.contains("expected a mapping") == true)
    }

    @Test("trigger, output and advanced values", arguments: [
        ("triggers", "min_changes: -1", "triggers.min_changes", "at least 0"),
        ("triggers", "max_changes: 0", "triggers.max_changes", "at least 1"),
        ("triggers", "max_files: many", "triggers.max_files", "expected a whole number"),
        ("triggers", "branches: main", "triggers.branches", "expected a list of strings"),
        ("triggers", "ignore_authors: [{a: b}]", "triggers.ignore_authors[0]", "non-empty string"),
        ("triggers", "ignore_paths: 5", "triggers.ignore_paths", "expected a list"),
        ("output", "max_comments: 101", "output.max_comments", "from 1 to 100"),
        ("output", "max_comments: 0", "output.max_comments", "from 1 to 100"),
        ("output", "max_comments_per_file: 51", "output.max_comments_per_file", "from 1 to 50"),
        ("output", "min_severity: critical", "output.min_severity", "must be one of blocker, warning, info"),
        ("output", "summary: 'no'", "output.summary", "expected true or false"),
        ("output", "group_by_file: []", "output.group_by_file", "expected true or false (got a list)"),
        ("advanced", "max_retries: 6", "advanced.max_retries", "from 0 to 5"),
        ("advanced", "max_retries: -1", "advanced.max_retries", "from 0 to 5"),
        ("advanced", "parallel_pipelines: 2", "advanced.parallel_pipelines", "expected true or false"),
    ])
    func sectionValues(section: String, line: String, path: String, message: String) {
        let errors = configProblems(sectionWith(section, line))
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == 8)
        #expect(errors.first?.keyPath == path)
        #expect(errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test("min_changes may not exceed max_changes")
    func minAboveMax() {
        let yaml = sectionWith("triggers", "min_changes: 10\n  max_changes: 5")
        #expect(configProblems(yaml).map { "\($0.line) \($0.keyPath)" } == ["8 triggers.min_changes"])
    }

    @Test("a section of the wrong type", arguments: ["triggers: [a]", "output: 3", "advanced: yes"])
    func sectionTypes(line: String) {
        let yaml = "models:\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m}\n\(line)\n"
        let errors = configProblems(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 5)
        #expect(errors.first?.message.hasPrefix("expected a mapping") == true)
    }

    @Test("every error in the file is reported at once, in line order")
    func allErrors() {
        let yaml = """
            models:
              m:
                base_url: nope
                model: x
                temperature: 9
            pipelines:
              - name: A
                model: zzz
                severity: high
            output:
              max_comments: 500
            advanced:
              max_retries: 10
            """
        let errors = configProblems(yaml)
        #expect(errors.map(\.line) == [3, 5, 7, 8, 9, 11, 13])
    }
}
