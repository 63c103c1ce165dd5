// ConfigLoaderTests: valid `.loom/config.yaml` files parse into the values written, with every default filled in.

import LoomCore
import LoomReview
import Testing

@Suite("Config loader: valid files")
struct ConfigLoaderTests {
    static let full = """
        models:
          fast:
            base_url: https://api.groq.com/openai/v1/
            model: llama-3.3-70b
            api_key_env: GROQ_API_KEY
            temperature: 0.2
            max_tokens: 2000
            timeout: 30
            context_window: 32000
            json_mode: true
          claude:
            base_url: https://api.anthropic.com/v1
            model: claude-sonnet-4
            api_key_env: ANTHROPIC_API_KEY
            provider: anthropic
        pipelines:
          - name: security
            model: claude
            prompt_file: .loom/prompts/sec.md
            severity: blocker
            include_paths: ["src/**", "/lib/**"]
            exclude_paths:
              - "**/*_test.go"
          - name: style-check
            model: fast
            enabled: false
        triggers:
          branches: [main, "release/*"]
          ignore_authors: ["dependabot[bot]"]
          ignore_paths: ["docs/**", "*.md"]
          min_changes: 2
          max_changes: 900
          max_files: 40
        output:
          summary: false
          inline_comments: true
          min_severity: warning
          max_comments: 20
          max_comments_per_file: 3
          group_by_file: true
        advanced:
          parallel_pipelines: false
          cache_config: false
          retry_on_error: false
          max_retries: 0
        """

    @Test("a full config keeps every value written")
    func fullConfig() throws {
        let config = try ConfigLoader.parse(yaml: Self.full).get()
        let expected = ReviewConfig(
            models: [
                "fast": ModelSettings(name: "fast", baseURL: "https://api.groq.com/openai/v1", model: "llama-3.3-70b",
                                      apiKeyEnv: "GROQ_API_KEY", provider: .openai, temperature: 0.2, maxTokens: 2000,
                                      timeoutSeconds: 30, contextWindow: 32000, jsonMode: true),
                "claude": ModelSettings(name: "claude", baseURL: "https://api.anthropic.com/v1", model: "claude-sonnet-4",
                                        apiKeyEnv: "ANTHROPIC_API_KEY", provider: .anthropic),
            ],
            pipelines: [
                PipelineConfig(name: "security", model: "claude", promptFile: "prompts/sec.md", severity: .blocker,
                               includePaths: [Glob("src/**"), Glob("lib/**")], excludePaths: [Glob("**/*_test.go")]),
                PipelineConfig(name: "style-check", model: "fast", enabled: false),
            ],
            triggers: TriggerConfig(branches: [Glob("main"), Glob("release/*")], ignoreAuthors: ["dependabot[bot]"],
                                    ignorePaths: [Glob("docs/**"), Glob("*.md")], minChanges: 2, maxChanges: 900, maxFiles: 40),
            output: OutputConfig(summary: false, inlineComments: true, minSeverity: .warning, maxComments: 20,
                                 maxCommentsPerFile: 3, groupByFile: true),
            advanced: AdvancedConfig(parallelPipelines: false, cacheConfig: false, retryOnError: false, maxRetries: 0))
        #expect(config == expected)
        #expect(config.pipelines[1].promptFile == "prompts/style-check.md")
        #expect(config.pipelines[0].repositoryPromptPath == ".loom/prompts/sec.md")
        #expect(config.enabledPipelines.map(\.name) == ["security"])
        #expect(config.model(for: config.pipelines[0])?.provider == .anthropic)
        #expect(config.models["fast"]?.promptBudget == 30000)
    }

    @Test("a minimal config gets every default of SPEC §5")
    func defaults() throws {
        let yaml = """
            models:
              main:
                base_url: http://localhost:11434/v1
                model: qwen2.5-coder
            pipelines:
              - name: general
                model: main
            """
        let config = try ConfigLoader.parse(yaml: yaml).get()
        let model = try #require(config.models["main"])
        #expect(model.apiKeyEnv == nil)
        #expect(model.provider == .openai)
        #expect(model.temperature == 0.0)
        #expect(model.maxTokens == 4000)
        #expect(model.timeoutSeconds == 60)
        #expect(model.contextWindow == 128_000)
        #expect(model.jsonMode == false)
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.promptFile == "prompts/general.md")
        #expect(pipeline.builtInPrompt == nil)
        #expect(pipeline.severity == .warning)
        #expect(pipeline.enabled)
        #expect(pipeline.includePaths.isEmpty && pipeline.excludePaths.isEmpty)
        #expect(config.triggers == TriggerConfig(branches: [], ignoreAuthors: [], ignorePaths: [], minChanges: 0,
                                                 maxChanges: 5000, maxFiles: 100))
        #expect(config.output == OutputConfig(summary: true, inlineComments: true, minSeverity: .info, maxComments: 50,
                                              maxCommentsPerFile: 10, groupByFile: false))
        #expect(config.advanced == AdvancedConfig(parallelPipelines: true, cacheConfig: true, retryOnError: true, maxRetries: 3))
        #expect(config.advanced.effectiveRetries == 3)
    }

    @Test("empty sections and null values mean defaults")
    func nullSections() throws {
        let yaml = """
            models:
              m: {base_url: "https://example.com", model: x, temperature: ~}
            pipelines:
              - name: a
                model: m
                include_paths:
            triggers:
            output: {}
            advanced:
            """
        let config = try ConfigLoader.parse(yaml: yaml).get()
        #expect(config.triggers == TriggerConfig())
        #expect(config.output == OutputConfig())
        #expect(config.advanced == AdvancedConfig())
        #expect(config.models["m"]?.temperature == 0)
    }

    @Test("boundary values are accepted", arguments: [
        "temperature: 2", "temperature: 0", "max_tokens: 1", "max_tokens: 127999", "timeout: 1", "timeout: 300",
        "json_mode: yes",
    ])
    func boundaries(line: String) throws {
        let yaml = "models:\n  m:\n    base_url: https://x.test\n    model: x\n    \(line)\npipelines:\n  - {name: a, model: m}\n"
        #expect(throws: Never.self) { try ConfigLoader.parse(yaml: yaml).get() }
    }

    @Test("prompt_file forms are normalised", arguments: [
        ("prompts/a.md", "prompts/a.md"), (".loom/prompts/a.md", "prompts/a.md"), ("./.loom/a.md", "a.md"),
        ("prompts/./x/../a.md", "prompts/a.md"), ("a.md", "a.md"), ("prompts//a.md", "prompts/a.md"),
    ])
    func promptFileForms(written: String, normalised: String) throws {
        let yaml = "models:\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m, prompt_file: '\(written)'}\n"
        let config = try ConfigLoader.parse(yaml: yaml).get()
        #expect(config.pipelines[0].promptFile == normalised)
    }
}
