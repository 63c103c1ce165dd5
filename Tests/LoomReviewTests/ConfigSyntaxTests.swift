// ConfigSyntaxTests: YAML syntax errors, unknown keys with "did you mean", type confusion and size limits.

import LoomReview
import Testing

@Suite("Config validation: syntax and keys")
struct ConfigSyntaxTests {
    static let head = "models:\n  m:\n    base_url: https://x.test\n    model: x\npipelines:\n  - name: a\n    model: m\n"

    @Test("a YAML syntax error reports Yams' line")
    func syntaxError() {
        let yaml = "models:\n  m:\n    base_url: https://x.test\n    model: [unclosed\npipelines:\n  - name: a\n"
        let errors = configProblems(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.keyPath == "")
        #expect(errors.first?.message.hasPrefix("invalid YAML:") == true)
        #expect((4...5).contains(errors.first?.line ?? 0), "\(errors)")
    }

    @Test("bad indentation is a syntax error on its line")
    func badIndentation() {
        let yaml = "models:\n  m:\n    base_url: https://x.test\n   model: x\n"
        let errors = configProblems(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 4, "\(errors)")
        #expect(errors.first?.description.hasPrefix(".loom/config.yaml:4: invalid YAML:") == true)
    }

    @Test("a tab used for indentation")
    func tabs() {
        let errors = configProblems("models:\n\tm: {}\n")
        #expect(errors.first?.line == 2, "\(errors)")
    }

    @Test("duplicate keys are reported with the key")
    func duplicateKeys() {
        let yaml = Self.head + "    severity: info\n    severity: blocker\n"
        let errors = configProblems(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("duplicate key `severity` (first on line 8)") == true, "\(errors)")
        #expect(errors.first?.line == 9)
    }

    @Test("a duplicate key in a flow mapping is reported at the first one")
    func duplicateFlowKeys() {
        let errors = configProblems("models: {m: 1, m: 2}\n")
        #expect(errors.map(\.line) == [1])
        #expect(errors.first?.message.hasPrefix("duplicate key `m`") == true)
    }

    @Test("keys that differ only in YAML type are still duplicates")
    func duplicateAcrossTags() {
        let yaml = "models:\n  1: {base_url: 'https://x.test', model: x}\n  \"1\": {base_url: 'https://y.test', model: y}\npipelines:\n  - {name: a, model: \"1\"}\n"
        let errors = configProblems(yaml)
        #expect(errors.map { "\($0.line) \($0.keyPath)" } == ["3 models.1"])
        #expect(errors.first?.message.contains("first on line 2") == true)
    }

    @Test("CRLF line endings keep line numbers right")
    func crlf() {
        let yaml = Self.head.split(separator: "\n").joined(separator: "\r\n") + "\r\n    severity: info\r\n    severity: high\r\n"
        let errors = configProblems(yaml)
        #expect(errors.map(\.line) == [9], "\(errors)")
        let invalid = Self.head.split(separator: "\n").joined(separator: "\r\n") + "\r\n    severity: high\r\n"
        #expect(configProblems(invalid).map(\.line) == [8])
    }

    @Test("two documents in one file")
    func twoDocuments() {
        let errors = configProblems(Self.head + "---\nmodels: {}\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("a second document starts here") == true, "\(errors)")
        #expect(errors.first?.line == 8)
    }

    @Test("unknown keys get a suggestion when one is close", arguments: [
        ("    include_path: [a]\n", "pipelines[0].include_path", "include_paths"),
        ("    includePaths: [a]\n", "pipelines[0].includePaths", "include_paths"),
        ("    Include-Paths: [a]\n", "pipelines[0].Include-Paths", "include_paths"),
        ("    sevrity: info\n", "pipelines[0].sevrity", "severity"),
        ("    promt_file: a.md\n", "pipelines[0].promt_file", "prompt_file"),
        ("    enabeld: true\n", "pipelines[0].enabeld", "enabled"),
    ])
    func unknownKeySuggestions(line: String, path: String, suggestion: String) {
        let errors = configProblems(Self.head + line)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 8)
        #expect(errors.first?.keyPath == path)
        #expect(errors.first?.message == "unknown key (did you mean `\(suggestion)`?)")
    }

    @Test("unknown keys elsewhere: models, sections, top level")
    func unknownKeysEverywhere() {
        let yaml = """
            modles: {}
            models:
              m:
                base_url: https://x.test
                model: x
                temprature: 1
                api_key: sk-123
            pipelines:
              - {name: a, model: m}
            triggers:
              max_comments: 5
            output:
              zzzzzzzz: 1
            """
        let errors = configProblems(yaml)
        #expect(errors.map { "\($0.line) \($0.keyPath)" } == [
            "1 modles", "6 models.m.temprature", "7 models.m.api_key", "11 triggers.max_comments", "13 output.zzzzzzzz",
        ])
        #expect(errors[0].message == "unknown key (did you mean `models`?)")
        #expect(errors[1].message == "unknown key (did you mean `temperature`?)")
        #expect(errors[2].message == "unknown key (did you mean `api_key_env`?)")
        #expect(errors[3].message == "unknown key here (`max_comments` belongs under `output`)")
        #expect(errors[4].message.hasPrefix("unknown key (expected one of summary, inline_comments"))
    }

    @Test("type confusion is an error, never a crash", arguments: [
        "models: 3\npipelines: 4\n",
        "models:\n  m: [1, 2]\npipelines:\n  - 7\n",
        "models:\n  m:\n    base_url: [a]\n    model: {x: y}\npipelines:\n  - name: [a]\n    model: 3.5\n",
        "models:\n  ? [complex, key]\n  : 1\npipelines: []\n",
        "models:\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m}\ntriggers:\n  branches: [[a], {b: c}, ~, 3]\n",
        "[1, 2, 3]\n",
        "just a string\n",
        "models: &a\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m}\n  - <<: *a\n",
    ])
    func typeConfusion(yaml: String) {
        let errors = configProblems(yaml)
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.line >= 1 && !$0.message.isEmpty })
    }

    @Test("keys that must be names")
    func nonStringKeys() {
        let yaml = "models:\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m}\n~: 1\n"
        let errors = configProblems(yaml)
        #expect(errors.map(\.line) == [5])
        #expect(errors.first?.message.hasPrefix("keys must be plain names") == true)
    }

    @Test("documents over 256 KiB are refused before parsing")
    func sizeLimit() {
        let yaml = Self.head + "# " + String(repeating: "x", count: 256 * 1024) + "\n"
        let errors = configProblems(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.contains("256 KiB") == true)
    }

    @Test("the source name appears in every message")
    func sourceName() {
        let errors = configProblems("models: {}\n", source: "repo/.loom/config.yaml")
        #expect(errors.allSatisfy { $0.description.hasPrefix("repo/.loom/config.yaml:") })
    }

    @Test("many errors are capped")
    func manyErrors() {
        let items = (0..<500).map { _ in "    - [x]\n" }.joined()
        let yaml = "models:\n  m: {base_url: 'https://x.test', model: x}\npipelines:\n  - {name: a, model: m}\ntriggers:\n  branches:\n" + items
        let errors = configProblems(yaml)
        #expect(errors.count <= 201)
        #expect(errors.last?.message == "too many errors; stopping here")
    }
}
