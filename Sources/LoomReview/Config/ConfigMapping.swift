// ConfigMapping: one YAML mapping of the config being read — known keys, lines, key paths.

import Yams

/// A YAML mapping checked against the keys its section allows. Reading a key never fails hard:
/// problems go to the diagnostics and the caller falls back to the default, so one pass finds
/// every error in the file.
struct ConfigMapping {
    /// Key path of this mapping (`""` for the root, `models.fast`, `pipelines[0]`).
    let path: String
    /// The line that introduced the mapping (its key's line, or the list item's line).
    let line: Int
    private var entries: [String: (key: Node, value: Node)] = [:]
    /// Keys in file order, for sections whose keys are names (`models`).
    private(set) var keys: [String] = []

    /// Reads `node` as a mapping. With `known`, other keys are reported as unknown (with a "did
    /// you mean" where one is close); nil `known` accepts any key (user-chosen names).
    init?(_ node: Node, path: String, line: Int, known: [String]?, diagnostics: inout ConfigDiagnostics) {
        self.path = path
        self.line = line
        guard case .mapping(let mapping) = node else {
            diagnostics.add(line: node.mark?.line ?? line, path: path,
                            "expected a mapping of keys to values (got \(ConfigMapping.describe(node)))")
            return nil
        }
        for (key, value) in mapping {
            let keyLine = key.mark?.line ?? self.line
            guard case .scalar(let scalar) = key, YAMLScalarKind(key) != .null else {
                diagnostics.add(line: keyLine, path: path, "keys must be plain names (got \(ConfigMapping.describe(key)))")
                continue
            }
            let name = scalar.string
            if let known, !known.contains(name) {
                diagnostics.add(line: keyLine, path: join(name), ConfigMapping.unknownKeyMessage(name, known: known))
                continue
            }
            // Yams tells `1:` from `"1":` (different tags); as names they are the same key.
            if let earlier = entries[name] {
                diagnostics.add(line: keyLine, path: join(name),
                                "duplicate key (first on line \(earlier.key.mark?.line ?? self.line)); each key may appear once in a mapping")
                continue
            }
            entries[name] = (key, value)
            keys.append(name)
        }
    }

    /// The key path of `key` in this mapping.
    func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value of `key`, or nil when absent or null (`key:` with nothing after it), which every
    /// optional key treats as "use the default".
    func value(_ key: String) -> Node? {
        guard let value = entries[key]?.value else { return nil }
        if case .scalar = value, YAMLScalarKind(value) == .null { return nil }
        return value
    }

    /// The line of `key`, or of the mapping when the key is absent.
    func line(of key: String) -> Int { entries[key]?.key.mark?.line ?? line }

    /// Reports `key` as required when it is absent or null.
    func require(_ key: String, _ what: String, diagnostics: inout ConfigDiagnostics) -> Node? {
        if let node = value(key) { return node }
        diagnostics.add(line: line(of: key), path: join(key), "required: \(what)")
        return nil
    }

    private static func unknownKeyMessage(_ name: String, known: [String]) -> String {
        if name == "<<" { return "merge keys (`<<`) are not supported; write the keys out" }
        if let suggestion = KeySuggestion.closest(to: name, in: known) {
            return "unknown key (did you mean `\(suggestion)`?)"
        }
        if let section = ConfigSchema.section(containing: name) {
            return "unknown key here (`\(name)` belongs under `\(section)`)"
        }
        return "unknown key (expected one of \(known.joined(separator: ", ")))"
    }

    /// A short description of a node's type for "got …" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch YAMLScalarKind(node) {
            case .null: return "nothing"
            case .bool: return "a boolean \(scalar.string)"
            case .int, .float: return "a number \(scalar.string)"
            default: return "a string \(quote(scalar.string))"
            }
        }
    }

    /// A value quoted for a message, cut short so one silly value cannot flood the output.
    static func quote(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(57)) + "..." : text
        var escaped = ""
        for scalar in short.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                escaped += scalar.value < 0x20 || scalar.value == 0x7F
                    ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            }
        }
        return "\"\(escaped)\""
    }
}
