// ConfigMapping+Values: typed reads (strings, booleans, numbers in range, enums, lists) with type errors.

import Yams

extension ConfigMapping {
    /// A string value. Any plain scalar counts (`model: 4` is the string "4"): names and globs
    /// are often number-like, and refusing them would only annoy.
    func string(_ key: String, diagnostics: inout ConfigDiagnostics) -> String? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            diagnostics.add(line: node.mark?.line ?? line(of: key), path: join(key),
                            "expected a string (got \(Self.describe(node)))")
            return nil
        }
        return scalar.string
    }

    /// A boolean: `true`/`false` (YAML 1.1's `yes`/`no`/`on`/`off` too). Quoted text is refused,
    /// since `"false"` as a string would otherwise read as true in many tools.
    func bool(_ key: String, default fallback: Bool, diagnostics: inout ConfigDiagnostics) -> Bool? {
        guard let node = value(key) else { return fallback }
        guard case .scalar = node, YAMLScalarKind(node) == .bool, let value = node.bool else {
            diagnostics.add(line: node.mark?.line ?? line(of: key), path: join(key),
                            "expected true or false (got \(Self.describe(node)))")
            return nil
        }
        return value
    }

    /// A whole number in `range`; the default when absent, nil (with an error) when invalid.
    func int(_ key: String, in range: ClosedRange<Int>, default fallback: Int, diagnostics: inout ConfigDiagnostics) -> Int? {
        guard let node = value(key) else { return fallback }
        let at = node.mark?.line ?? line(of: key)
        guard case .scalar(let scalar) = node, [.int, .float].contains(YAMLScalarKind(node)) else {
            diagnostics.add(line: at, path: join(key), "expected a whole number \(Self.describe(range)) (got \(Self.describe(node)))")
            return nil
        }
        guard YAMLScalarKind(node) == .int else {
            diagnostics.add(line: at, path: join(key), "must be a whole number \(Self.describe(range)) (got \(scalar.string))")
            return nil
        }
        guard let value = node.int, range.contains(value) else {
            diagnostics.add(line: at, path: join(key), "must be \(Self.describe(range)) (got \(scalar.string))")
            return nil
        }
        return value
    }

    /// A number in `range`; the default when absent, nil (with an error) when invalid.
    func double(_ key: String, in range: ClosedRange<Double>, default fallback: Double,
                diagnostics: inout ConfigDiagnostics) -> Double? {
        guard let node = value(key) else { return fallback }
        let at = node.mark?.line ?? line(of: key)
        let bounds = "between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))"
        guard case .scalar(let scalar) = node, [.int, .float].contains(YAMLScalarKind(node)) else {
            diagnostics.add(line: at, path: join(key), "expected a number \(bounds) (got \(Self.describe(node)))")
            return nil
        }
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite, range.contains(value) else {
            diagnostics.add(line: at, path: join(key), "must be \(bounds) (got \(scalar.string))")
            return nil
        }
        return value
    }

    /// One of an enum's raw values, listed in `choices` order in the message.
    func choice<Value: RawRepresentable>(_ key: String, _ choices: [Value], default fallback: Value,
                                         diagnostics: inout ConfigDiagnostics) -> Value? where Value.RawValue == String {
        guard let node = value(key) else { return fallback }
        let names = choices.map(\.rawValue).joined(separator: ", ")
        guard case .scalar(let scalar) = node else {
            diagnostics.add(line: node.mark?.line ?? line(of: key), path: join(key),
                            "must be one of \(names) (got \(Self.describe(node)))")
            return nil
        }
        guard let value = choices.first(where: { $0.rawValue == scalar.string }) else {
            let hint = KeySuggestion.hint(for: scalar.string, in: choices.map(\.rawValue))
            diagnostics.add(line: node.mark?.line ?? line(of: key), path: join(key),
                            "must be one of \(names) (got \(Self.quote(scalar.string)))\(hint)")
            return nil
        }
        return value
    }

    /// A list of non-empty strings, each with its line; empty when absent. A lone string is a
    /// type error rather than a one-item list, so the schema reads the same everywhere.
    func stringList(_ key: String, diagnostics: inout ConfigDiagnostics) -> [(value: String, line: Int, path: String)]? {
        guard let node = value(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            diagnostics.add(line: node.mark?.line ?? line(of: key), path: join(key),
                            "expected a list of strings (got \(Self.describe(node)))")
            return nil
        }
        var items: [(value: String, line: Int, path: String)] = []
        var valid = true
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(join(key))[\(index)]"
            let itemLine = item.mark?.line ?? line(of: key)
            guard case .scalar(let scalar) = item, YAMLScalarKind(item) != .null, !scalar.string.isEmpty else {
                diagnostics.add(line: itemLine, path: itemPath, "expected a non-empty string (got \(Self.describe(item)))")
                valid = false
                continue
            }
            items.append((scalar.string, itemLine, itemPath))
        }
        return valid ? items : nil
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }

    /// `2` rather than `2.0` in messages.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
