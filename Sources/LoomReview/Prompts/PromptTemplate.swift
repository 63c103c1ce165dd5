// PromptTemplate: a pipeline's prompt file parsed into text and `{{variable}}` placeholders.

public import LoomLLM

/// A parsed prompt template.
///
/// A placeholder is `{{name}}`, spaces allowed inside the braces (`{{ diff }}`), on one line,
/// where `name` is one word of letters, digits, `_`, `-` or `.`. Such a name must be one of
/// `PromptVariable`; anything else between braces (`{{#each}}`, `{{ a b }}`) is ordinary text, so
/// prompts can quote template code from other tools.
public struct PromptTemplate: Hashable, Sendable {
    /// A piece of the template.
    public enum Segment: Hashable, Sendable {
        case text(String)
        case variable(PromptVariable)
    }

    /// The file the template came from, for messages.
    public let source: String
    /// Text and placeholders in order.
    public let segments: [Segment]

    /// Largest template accepted, like the config's own limit.
    public static let maxBytes = 256 * 1024

    /// Parses `text`; on failure, every unknown variable with its line (1-based), e.g.
    /// `.loom/prompts/general.md:7: unknown template variable {{pr_titel}} (did you mean {{pr_title}}?)`.
    public static func parse(_ text: String, source: String) -> Result<PromptTemplate, ConfigErrors> {
        var diagnostics = ConfigDiagnostics(source: source)
        guard text.utf8.count <= maxBytes else {
            diagnostics.add(line: 1, path: "", "the prompt is \(text.utf8.count) bytes; at most \(maxBytes) (256 KiB) are accepted")
            return .failure(ConfigErrors(diagnostics.errors))
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            diagnostics.add(line: 1, path: "", "the prompt is empty")
            return .failure(ConfigErrors(diagnostics.errors))
        }
        let segments = scan(text, diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { return .failure(ConfigErrors(diagnostics.errors)) }
        return .success(PromptTemplate(source: source, segments: segments))
    }

    /// A template from segments, for built-in prompts and tests.
    public init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// The variables the template uses.
    public var variables: Set<PromptVariable> {
        Set(segments.compactMap { segment -> PromptVariable? in
            guard case .variable(let variable) = segment else { return nil }
            return variable
        })
    }

    /// Whether the template shows the model any of the change (`{{diff}}` or `{{raw_diff}}`).
    public var includesDiff: Bool { !variables.isDisjoint(with: [.diff, .rawDiff]) }

    /// The template with its variables filled in; untrusted values are fenced as data blocks.
    public func render(_ context: PromptContext) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .variable(let variable):
                let value = context.value(of: variable)
                output += variable.isUntrusted ? UntrustedText.wrap(value, name: variable.rawValue) : value
            }
        }
        return output
    }

    /// The conversation for one model call: Loom's fixed system preamble, then the rendered
    /// template as the user message.
    public func messages(for context: PromptContext) -> [ChatMessage] {
        [ChatMessage(role: .system, content: PromptPreamble.system),
         ChatMessage(role: .user, content: render(context))]
    }

    private static func scan(_ text: String, diagnostics: inout ConfigDiagnostics) -> [Segment] {
        let scalars = Array(text.unicodeScalars)
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        var line = 1
        var index = 0
        while index < scalars.count {
            if scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{",
               let (name, end) = placeholder(scalars, openingAt: index) {
                if let variable = PromptVariable(rawValue: name) {
                    if !literal.isEmpty { segments.append(.text(String(literal))) }
                    literal = String.UnicodeScalarView()
                    segments.append(.variable(variable))
                } else {
                    let hint = KeySuggestion.closest(to: name, in: PromptVariable.allNames).map { " (did you mean {{\($0)}}?)" }
                    diagnostics.add(line: line, path: "", "unknown template variable {{\(name)}}"
                                    + (hint ?? "; known: " + PromptVariable.allNames.joined(separator: ", ")))
                }
                index = end
                continue
            }
            if scalars[index] == "\n" { line += 1 }
            literal.append(scalars[index])
            index += 1
        }
        if !literal.isEmpty { segments.append(.text(String(literal))) }
        return segments
    }

    /// The name inside `{{ … }}` starting at `start`, and the index after `}}`; nil when what
    /// follows is not a placeholder.
    private static func placeholder(_ scalars: [Unicode.Scalar], openingAt start: Int) -> (String, Int)? {
        var index = start + 2
        func skipBlanks() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        skipBlanks()
        var name = String.UnicodeScalarView()
        while index < scalars.count, isNameScalar(scalars[index]) {
            name.append(scalars[index])
            index += 1
        }
        skipBlanks()
        guard !name.isEmpty, index + 1 < scalars.count, scalars[index] == "}", scalars[index + 1] == "}" else { return nil }
        return (String(name), index + 2)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-" || scalar == "."
    }
}
