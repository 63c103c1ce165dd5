// ConfigDefaultTests: the built-in config used when a repository has no `.loom/config.yaml`.

import LoomCore
import LoomReview
import Testing

@Suite("Config: built-in default")
struct ConfigDefaultTests {
    static let model = ModelSettings(name: "default", baseURL: "https://api.openai.com/v1", model: "gpt-4o-mini",
                                     apiKeyEnv: "OPENAI_API_KEY")

    @Test("one general pipeline on the server's model, everything else default")
    func shape() throws {
        let config = ReviewConfig.builtInDefault(model: Self.model)
        #expect(config.models == ["default": Self.model])
        #expect(config.pipelines.map(\.name) == ["general"])
        let pipeline = try #require(config.pipelines.first)
        #expect(pipeline.model == "default")
        #expect(pipeline.enabled)
        #expect(pipeline.severity == .warning)
        #expect(pipeline.builtInPrompt == BuiltInPrompts.general)
        #expect(config.triggers == TriggerConfig())
        #expect(config.output == OutputConfig())
        #expect(config.advanced == AdvancedConfig())
    }

    @Test("the built-in prompt is a valid template using the diff and PR facts")
    func prompt() throws {
        let pipeline = try #require(ReviewConfig.builtInDefault(model: Self.model).pipelines.first)
        let template = try pipeline.promptTemplate(fileText: nil).get()
        #expect(template.includesDiff)
        #expect(template.variables.isSuperset(of: [.diff, .prTitle, .prDescription, .files]))
        #expect(BuiltInPrompts.general.contains("\"severity\""))
        #expect(BuiltInPrompts.general.contains("\"suggestion\""))
        #expect(BuiltInPrompts.general.contains("line numbers of the new version"))
    }

    @Test("lock files and vendored code are left out; source files are reviewed")
    func exclusions() throws {
        let pipeline = try #require(ReviewConfig.builtInDefault(model: Self.model).pipelines.first)
        #expect(pipeline.selectPaths(["Sources/a.swift", "web/yarn.lock", "package-lock.json", "x/vendor/y.go",
                                      "assets/app.min.js", "src/main.py"]) == ["Sources/a.swift", "src/main.py"])
    }

    @Test("the server default model comes from LOOM_DEFAULT_MODEL_*")
    func serverDefault() {
        let model = ModelSettings.serverDefault(baseURL: "https://api.openai.com/v1/", model: "gpt-4o", apiKeyEnv: "OPENAI_API_KEY")
        #expect(model == ModelSettings(name: "default", baseURL: "https://api.openai.com/v1", model: "gpt-4o",
                                       apiKeyEnv: "OPENAI_API_KEY"))
        #expect(ModelSettings.serverDefault(baseURL: "http://ollama:11434/v1", model: "llama3", apiKeyEnv: "")?.apiKeyEnv == nil)
        #expect(ModelSettings.serverDefault(baseURL: nil, model: "gpt-4o", apiKeyEnv: nil) == nil)
        #expect(ModelSettings.serverDefault(baseURL: "https://x.test", model: " ", apiKeyEnv: nil) == nil)
        #expect(ModelSettings.serverDefault(baseURL: "not a url", model: "gpt-4o", apiKeyEnv: nil) == nil)
    }

    @Test("a pipeline without a prompt file or built-in text reports the missing file")
    func missingPromptFile() {
        let pipeline = PipelineConfig(name: "sec", model: "m")
        guard case .failure(let errors) = pipeline.promptTemplate(fileText: nil) else {
            Issue.record("expected a failure")
            return
        }
        #expect(errors.errors.first?.source == ".loom/prompts/sec.md")
        #expect(errors.description.contains("not found"))
    }
}
