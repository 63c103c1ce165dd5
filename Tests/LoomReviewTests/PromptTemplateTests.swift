// PromptTemplateTests: parsing `{{variable}}` placeholders, and unknown variables reported with their line.

import LoomReview
import Testing

private func parse(_ text: String) -> Result<PromptTemplate, ConfigErrors> {
    PromptTemplate.parse(text, source: ".loom/prompts/p.md")
}

@Suite("Prompt templates: parsing")
struct PromptTemplateTests {
    @Test("every SPEC §6.3 variable is known, with or without spaces in the braces")
    func allVariables() throws {
        let text = PromptVariable.allCases.map { "{{\($0.rawValue)}} {{ \($0.rawValue) }} {{\t\($0.rawValue)  }}" }
            .joined(separator: "\n")
        let template = try parse(text).get()
        #expect(template.variables == Set(PromptVariable.allCases))
        #expect(PromptVariable.allCases.map(\.rawValue) == [
            "diff", "raw_diff", "files", "pr_title", "pr_description", "pr_author", "source_branch", "target_branch",
            "pr_number", "repository",
        ])
    }

    @Test("segments split text and variables")
    func segments() throws {
        let template = try parse("A {{diff}} B{{ pr_number }}").get()
        #expect(template.segments == [.text("A "), .variable(.diff), .text(" B"), .variable(.prNumber)])
        #expect(template.source == ".loom/prompts/p.md")
    }

    @Test("unknown variables are errors naming the file and line")
    func unknown() {
        guard case .failure(let errors) = parse("line one\n{{diff}}\n\nsee {{ PR_TITLE }} and {{author}}\n{{x.y}}") else {
            Issue.record("expected errors")
            return
        }
        #expect(errors.errors.map(\.line) == [4, 4, 5])
        #expect(errors.errors.allSatisfy { $0.source == ".loom/prompts/p.md" && $0.keyPath.isEmpty })
        #expect(errors.errors[0].description == ".loom/prompts/p.md:4: unknown template variable {{PR_TITLE}} (did you mean {{pr_title}}?)")
        #expect(errors.errors[1].message.hasPrefix("unknown template variable {{author}}"))
        #expect(errors.errors[2].message.hasPrefix("unknown template variable {{x.y}}"))
    }

    @Test("braces that are not placeholders stay text", arguments: [
        "{{#each items}}", "{{ a b }}", "{{}}", "{{ }}", "{ {diff} }", "{{diff", "{{diff}", "function() {{ return 1 }}",
    ])
    func notPlaceholders(text: String) throws {
        let template = try parse(text).get()
        #expect(template.variables.isEmpty)
        #expect(template.segments == [.text(text)])
    }

    @Test("a placeholder does not span lines")
    func noMultiline() throws {
        let template = try parse("{{\ndiff\n}}").get()
        #expect(template.variables.isEmpty)
    }

    @Test("triple braces keep the outer ones as text")
    func tripleBraces() throws {
        let template = try parse("{{{diff}}}").get()
        #expect(template.segments == [.text("{"), .variable(.diff), .text("}")])
    }

    @Test("empty and oversized prompts are refused")
    func limits() {
        #expect(throws: ConfigErrors.self) { try parse("").get() }
        #expect(throws: ConfigErrors.self) { try parse("  \n\t\n").get() }
        #expect(throws: ConfigErrors.self) { try parse(String(repeating: "a", count: 256 * 1024 + 1)).get() }
    }

    @Test("includesDiff tells whether the model sees the change")
    func includesDiff() throws {
        #expect(try parse("{{raw_diff}}").get().includesDiff)
        #expect(try !parse("{{pr_title}}").get().includesDiff)
    }
}
