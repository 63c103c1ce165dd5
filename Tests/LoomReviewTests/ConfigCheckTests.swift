// ConfigCheckTests: `loom config check` exit codes and output, with prompt files read from an in-memory tree.

import LoomReview
import Testing

private struct MissingFile: Error, CustomStringConvertible {
    var description: String { "no such file" }
}

/// Runs the check against `files` (path → text).
private func check(_ files: [String: String], path: String = ".loom/config.yaml") -> (exitCode: Int32, output: String) {
    ConfigCheck.run(configPath: path) { name in
        guard let text = files[name] else { throw MissingFile() }
        return text
    }
}

@Suite("loom config check")
struct ConfigCheckTests {
    static let config = """
        models:
          m: {base_url: "https://x.test", model: x}
        pipelines:
          - name: general
            model: m
          - name: security
            model: m
            prompt_file: .loom/prompts/sec.md
          - name: off
            model: m
            enabled: false
        """

    @Test("valid config and prompts: exit 0")
    func valid() {
        let result = check([
            ".loom/config.yaml": Self.config,
            ".loom/prompts/general.md": "Review {{ diff }} of {{repository}}",
            ".loom/prompts/sec.md": "Security review of {{raw_diff}}",
        ])
        #expect(result.exitCode == 0)
        #expect(result.output == ".loom/config.yaml: valid (1 model, 3 pipelines, 2 enabled)")
    }

    @Test("a missing prompt file of an enabled pipeline: exit 1, naming the pipeline's line")
    func missingPrompt() {
        let result = check([".loom/config.yaml": Self.config, ".loom/prompts/general.md": "{{diff}}"])
        #expect(result.exitCode == 1)
        #expect(result.output.contains(
            ".loom/config.yaml:8: pipelines[1].prompt_file: pipeline security: cannot read the prompt file .loom/prompts/sec.md: no such file"))
        #expect(!result.output.contains("off.md"))
        #expect(result.output.hasSuffix(".loom/config.yaml: invalid (1 error)"))
    }

    @Test("a default prompt file that is missing points at the pipeline")
    func missingDefaultPrompt() {
        let result = check([".loom/config.yaml": Self.config, ".loom/prompts/sec.md": "{{diff}}"])
        #expect(result.exitCode == 1)
        #expect(result.output.contains(".loom/config.yaml:4: pipelines[0].prompt_file: pipeline general: cannot read"))
    }

    @Test("unknown variables in a prompt are reported with the prompt's file and line")
    func unknownVariables() {
        let result = check([
            ".loom/config.yaml": Self.config,
            ".loom/prompts/general.md": "Review this.\n\n{{diff}}\nTitle: {{ pr_titel }}\n{{secrets}}\n",
            ".loom/prompts/sec.md": "{{diff}}",
        ])
        #expect(result.exitCode == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines == [
            ".loom/prompts/general.md:4: unknown template variable {{pr_titel}} (did you mean {{pr_title}}?)",
            ".loom/prompts/general.md:5: unknown template variable {{secrets}}; known: diff, raw_diff, files, pr_title, "
                + "pr_description, pr_author, source_branch, target_branch, pr_number, repository",
            ".loom/config.yaml: invalid (2 errors)",
        ])
    }

    @Test("config errors and prompt errors are all printed")
    func everything() {
        let yaml = Self.config + "\noutput:\n  max_comments: 0\n"
        let result = check([".loom/config.yaml": yaml, ".loom/prompts/sec.md": "{{nope}}"])
        #expect(result.exitCode == 1)
        #expect(result.output.contains(".loom/config.yaml:13: output.max_comments: must be from 1 to 100 (got 0)"))
        #expect(result.output.contains("pipeline general: cannot read"))
        #expect(result.output.contains(".loom/prompts/sec.md:1: unknown template variable {{nope}}"))
        #expect(result.output.hasSuffix("invalid (3 errors)"))
    }

    @Test("an unreadable config file: exit 1")
    func unreadableConfig() {
        let result = check([:], path: "/repo/.loom/config.yaml")
        #expect(result.exitCode == 1)
        #expect(result.output == "/repo/.loom/config.yaml: cannot read the file: no such file")
    }

    @Test("a YAML syntax error: exit 1 with its line")
    func syntax() {
        let result = check([".loom/config.yaml": "models:\n  m: [\n"])
        #expect(result.exitCode == 1)
        #expect(result.output.hasPrefix(".loom/config.yaml:"))
        #expect(result.output.contains("invalid YAML"))
    }

    @Test("prompt files are looked up next to the config file")
    func otherFolder() {
        let result = check([
            "/srv/repo/.loom/config.yaml": Self.config,
            "/srv/repo/.loom/prompts/general.md": "{{diff}}",
            "/srv/repo/.loom/prompts/sec.md": "{{diff}}",
        ], path: "/srv/repo/.loom/config.yaml")
        #expect(result.exitCode == 0, "\(result.output)")
    }

    @Test("an empty prompt file is an error")
    func emptyPrompt() {
        let result = check([
            ".loom/config.yaml": Self.config, ".loom/prompts/general.md": " \n", ".loom/prompts/sec.md": "{{diff}}",
        ])
        #expect(result.exitCode == 1)
        #expect(result.output.contains(".loom/prompts/general.md:1: the prompt is empty"))
    }
}
