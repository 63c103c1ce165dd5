// UnifiedDiffParser+Paths: path names out of `diff --git`, `---`/`+++` and `Binary files` lines.

extension UnifiedDiffParser {
    /// One side's path on a header line.
    enum PathSide: Hashable, Sendable {
        case devNull
        case path(String)
        case missing
    }

    /// The side of a `---` (prefix `a/`) or `+++` (prefix `b/`) line after its marker.
    ///
    /// Quoted names are unescaped; otherwise the name ends at a tab, which git adds after names
    /// with spaces and plain `diff -u` uses before a timestamp.
    static func pathSide(_ rest: Substring, prefix: String) -> PathSide {
        let name: String
        if rest.first == "\"", let quoted = GitPath.unquote(rest) {
            name = quoted.path
        } else {
            name = String(rest.prefix { $0 != "\t" })
        }
        if name == "/dev/null" { return .devNull }
        if name.isEmpty { return .missing }
        return .path(strip(name, prefix))
    }

    /// Old and new path guessed from `diff --git a/x b/y`.
    ///
    /// Unquoted names with spaces are ambiguous; like git, prefer the split where both names are
    /// the same (every change but a rename or copy, whose exact names come from later lines).
    static func gitLinePaths(_ rest: Substring) -> (old: String?, new: String?) {
        if rest.first == "\"" {
            guard let first = GitPath.unquote(rest) else { return (nil, nil) }
            let second = first.rest.drop { $0 == " " }
            return (strip(first.path, "a/"), strip(name(second), "b/"))
        }
        if let quoteStart = rest.firstRange(of: " \"") {
            let second = rest[rest.index(after: quoteStart.lowerBound)...]
            return (strip(String(rest[..<quoteStart.lowerBound]), "a/"), strip(name(second), "b/"))
        }
        var fallback: (String, String)?
        var index = rest.startIndex
        while let space = rest[index...].firstIndex(of: " ") {
            let old = strip(String(rest[..<space]), "a/")
            let newPart = rest[rest.index(after: space)...]
            let new = strip(String(newPart), "b/")
            if old == new { return (old, new) }
            if fallback == nil, newPart.hasPrefix("b/") { fallback = (old, new) }
            index = rest.index(after: space)
        }
        if let fallback { return fallback }
        return rest.isEmpty ? (nil, nil) : (strip(String(rest), "a/"), strip(String(rest), "b/"))
    }

    /// Old and new side of `Binary files A and B differ` (the text between those words).
    static func binaryPaths(_ inner: Substring) -> (old: PathSide, new: PathSide) {
        if inner.first == "\"", let first = GitPath.unquote(inner), first.rest.hasPrefix(" and ") {
            return (side(first.path, "a/"), side(name(first.rest.dropFirst(5)), "b/"))
        }
        var candidates: [(PathSide, PathSide)] = []
        var index = inner.startIndex
        while let separator = inner[index...].firstRange(of: " and ") {
            let old = side(String(inner[..<separator.lowerBound]), "a/")
            let new = side(name(inner[separator.upperBound...]), "b/")
            candidates.append((old, new))
            index = inner.index(after: separator.lowerBound)
        }
        let best = candidates.first { old, new in old == new || old == .devNull || new == .devNull } ?? candidates.first
        return best ?? (.missing, .missing)
    }

    /// A name that may be quoted.
    private static func name(_ text: Substring) -> String {
        if text.first == "\"", let quoted = GitPath.unquote(text) { return quoted.path }
        return String(text)
    }

    private static func side(_ name: String, _ prefix: String) -> PathSide {
        if name == "/dev/null" { return .devNull }
        return name.isEmpty ? .missing : .path(strip(name, prefix))
    }

    static func strip(_ name: String, _ prefix: String) -> String {
        name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
    }
}
