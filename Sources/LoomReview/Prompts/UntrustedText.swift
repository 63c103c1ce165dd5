// UntrustedText: fences pull-request text as data blocks the model is told never to obey.

/// `<untrusted name="…">` … `</untrusted>` blocks. The pull request's author controls what goes
/// inside, so anything that could pass for a delimiter is defused: otherwise a description
/// containing `</untrusted>` followed by "ignore previous instructions" would step out of its
/// block and read as instructions.
public enum UntrustedText {
    /// The closing delimiter.
    public static let closingTag = "</untrusted>"

    /// `text` fenced as the data block `name`.
    public static func wrap(_ text: String, name: String) -> String {
        let body = neutralise(text)
        // Rendered diffs and file lists end in a newline already; a second would add a blank line.
        let separator = body.hasSuffix("\n") ? "" : "\n"
        return "<untrusted name=\"\(name)\">\n\(body)\(separator)\(closingTag)"
    }

    /// `text` with every `<` that starts something tag-like spelling `untrusted` (any case,
    /// opening or closing, with blanks or a slash in between) replaced by `&lt;`, so no
    /// delimiter can be opened or closed from inside. Everything else is left exactly as is:
    /// code in a diff must still read as code.
    public static func neutralise(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("<") else { return text }
        var result = String.UnicodeScalarView()
        result.reserveCapacity(scalars.count)
        for index in scalars.indices {
            if scalars[index] == "<", opensDelimiter(scalars, after: index) {
                result.append(contentsOf: "&lt;".unicodeScalars)
            } else {
                result.append(scalars[index])
            }
        }
        return String(result)
    }

    private static let word = Array("untrusted".unicodeScalars)

    private static func opensDelimiter(_ scalars: [Unicode.Scalar], after lessThan: Int) -> Bool {
        var index = lessThan + 1
        // Blanks and slashes a lenient reader (or a model) might still take for a tag.
        while index < scalars.count, [" ", "\t", "\n", "\r", "/", "\\"].contains(scalars[index]) { index += 1 }
        guard index + word.count <= scalars.count else { return false }
        for offset in 0..<word.count {
            let scalar = scalars[index + offset]
            let lower = ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
            if lower != word[offset] { return false }
        }
        return true
    }
}
