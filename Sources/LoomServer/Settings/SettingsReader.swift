// SettingsReader: typed reads of raw variables that record every problem instead of stopping at the first.

/// Reads variables from the merged environment, turning unset or empty values into defaults and
/// invalid ones into `SettingsError.Problem`s, so start-up can report all mistakes at once.
struct SettingsReader {
    let values: [String: String]
    private(set) var problems: [SettingsError.Problem] = []

    init(values: [String: String]) {
        self.values = values
    }

    /// The value, or nil when unset or empty (an empty `X=` line in `.env` means "not set").
    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// Records a problem with `name`, showing the value unless the variable is a secret.
    mutating func report(_ name: String, _ what: String, value: String? = nil) {
        var message = what
        if let value {
            message += Settings.isSecret(name) ? " (value hidden)" : " (got \"\(Self.printable(value))\")"
        }
        problems.append(SettingsError.Problem(variable: name, message: message))
    }

    mutating func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = string(name) else { return fallback }
        if let value = Int(text), range.contains(value) { return value }
        let expected = switch (range.lowerBound, range.upperBound) {
        case (1, .max): "must be a positive integer"
        case (0, .max): "must be an integer of 0 or more"
        case let (low, high): "must be an integer from \(low) to \(high)"
        }
        report(name, expected, value: text)
        return fallback
    }

    mutating func boolean(_ name: String, default fallback: Bool) -> Bool {
        guard let text = string(name) else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            report(name, "must be true or false (or 1/0, yes/no)", value: text)
            return fallback
        }
    }

    /// A value parsed by `parse`, or the default with a problem naming the `expected` forms.
    mutating func choice<Value>(_ name: String, default fallback: Value, expected: String,
                                parse: (String) -> Value?) -> Value {
        guard let text = string(name) else { return fallback }
        if let value = parse(text) { return value }
        report(name, "must be \(expected)", value: text)
        return fallback
    }

    /// An `http://` or `https://` URL with a host and no whitespace, trailing slashes removed so
    /// callers can append paths. Nil when unset or invalid.
    mutating func url(_ name: String) -> String? {
        guard let text = string(name) else { return nil }
        guard Self.hasScheme(text, among: ["http://", "https://"]),
              let separator = text.firstRange(of: "://"), text[separator.upperBound...].first != "/"
        else {
            report(name, "must be an http:// or https:// URL", value: text)
            return nil
        }
        var url = text
        while url.hasSuffix("/") && !url.hasSuffix("://") { url.removeLast() }
        return url
    }

    /// A URL whose scheme is one of `schemes` (lowercase, with `://`), otherwise a problem.
    mutating func url(_ name: String, schemes: [String]) -> String? {
        guard let text = string(name) else { return nil }
        guard Self.hasScheme(text, among: schemes) else {
            let names = schemes.count == 2 ? schemes.joined(separator: " or ")
                : schemes.dropLast().joined(separator: ", ") + " or " + schemes.last!
            report(name, "must start with \(names)", value: text)
            return nil
        }
        return text
    }

    /// A comma-separated list with blanks around items removed; nil when it has no items.
    func list(_ name: String) -> [String]? {
        guard let text = string(name) else { return nil }
        let items = text.split(separator: ",").map { Self.trimmed($0) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }

    /// Whether `text` starts with one of `schemes` (case-insensitively), has something after it,
    /// and contains no whitespace or control characters.
    static func hasScheme(_ text: String, among schemes: [String]) -> Bool {
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return false }
        let lowered = text.lowercased()
        guard let scheme = schemes.first(where: { lowered.hasPrefix($0) }) else { return false }
        return text.utf8.count > scheme.utf8.count
    }

    static func trimmed(_ text: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !blank($0) }), let end = text.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[start...end])
    }

    /// A value made safe to quote in one line of an error message.
    static func printable(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
