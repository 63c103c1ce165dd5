// ConfigRules: the value rules of SPEC §5 that are more than a type and a range (names, URLs, key variables, paths).

/// Pure checks, written without regular expressions (no Foundation) and kept apart from YAML
/// reading so each rule reads as one function.
enum ConfigRules {
    /// `^[a-zA-Z0-9_-]+$`
    static func isModelName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    /// `^[a-z0-9-]+$`
    static func isPipelineName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The URL without trailing slashes (so `{base_url}/chat/completions` has one), or nil when
    /// it is not `http(s)://host[:port][/path]`.
    static func normalizedBaseURL(_ raw: String) -> String? {
        let lower = raw.lowercased()
        guard let schemeLength = ["https://", "http://"].first(where: { lower.hasPrefix($0) })?.count else { return nil }
        // No whitespace, controls, queries or fragments: the path is appended to, never parsed.
        guard !raw.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "?" || $0 == "#" }) else {
            return nil
        }
        let rest = raw.dropFirst(schemeLength)
        let authority = rest.prefix { $0 != "/" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        guard !host.isEmpty, !host.hasPrefix(":"),
              host.unicodeScalars.allSatisfy({ isASCIIAlphanumeric($0) || ".-_:[]".unicodeScalars.contains($0) })
        else { return nil }
        var url = raw
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Why `name` may not be used as `api_key_env`, or nil when it may.
    static func apiKeyEnvProblem(_ name: String) -> String? {
        let quoted = ConfigMapping.quote(name)
        if ConfigSchema.isReservedEnvironmentName(name) {
            return "must not name a platform or Loom variable (got \(quoted)); use a variable that holds only this model's key, like OPENAI_API_KEY"
        }
        guard !name.isEmpty,
              name.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { return "must be an environment variable name of A-Z, 0-9 and _ (got \(quoted))" }
        guard name.hasSuffix("_API_KEY"), name != "_API_KEY" else {
            return "must end in _API_KEY, like OPENAI_API_KEY (got \(quoted))"
        }
        return nil
    }

    /// `prompt_file` relative to `.loom/` without `.`, `..` or a leading `.loom/`; or why not.
    static func normalizedPromptFile(_ raw: String) -> Result<String, PathProblem> {
        if raw.isEmpty { return .failure(.empty) }
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) {
            return .failure(.badCharacter)
        }
        let scalars = Array(raw.unicodeScalars)
        let windowsDrive = scalars.count >= 2 && isASCIIAlphanumeric(scalars[0]) && scalars[1] == ":"
        if raw.hasPrefix("/") || raw.hasPrefix("~") || windowsDrive { return .failure(.absolute) }
        var segments: [Substring] = []
        var atStart = true
        for segment in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            // The path is relative to `.loom/` already; writing it from the repository root is accepted.
            if atStart && segment == ".loom" {
                atStart = false
                continue
            }
            atStart = false
            if segment == ".." {
                // Leaving `.loom/` even briefly is refused: the config must not point at other files.
                guard !segments.isEmpty else { return .failure(.escapes) }
                segments.removeLast()
            } else {
                segments.append(segment)
            }
        }
        if segments.isEmpty || raw.hasSuffix("/") { return .failure(.notAFile) }
        return .success(segments.joined(separator: "/"))
    }

    /// Why a `prompt_file` is refused.
    enum PathProblem: Error, Equatable {
        case empty, badCharacter, absolute, escapes, notAFile

        var message: String {
            switch self {
            case .empty: "must not be empty"
            case .badCharacter: "must not contain control characters or backslashes (use / between folders)"
            case .absolute: "must be relative to .loom/ (absolute paths are not allowed)"
            case .escapes: "must stay inside .loom/ (`..` may not leave it)"
            case .notAFile: "must name a file inside .loom/"
            }
        }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
