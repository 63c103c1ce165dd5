// FindingsParser: a model's reply to `Finding`s, dropping invalid items one by one and counting them.

public import LoomCore

/// Reads the findings of one model reply (SPEC §6.6).
///
/// The reply is a JSON array of `{file, line?, severity, message, category?, suggestion?}`; it
/// may also be `{"findings": […]}` or a single finding object, and may sit in a Markdown code
/// fence or between prose (see `ReplyJSONLocator`). Each item is judged alone:
/// - dropped (and counted with its reason) when it is not an object, when `file` (or its alias
///   `path`) or `message` is missing, blank or not a string, when `line` is present but not a
///   positive integer or a string starting with one (`"12"`, `"12-14"` → 12), or when
///   `category`/`suggestion` is present but not a string;
/// - kept with the pipeline's default severity when `severity` is missing or not recognised
///   (counted in `defaultedSeverities`): a finding's own *valid* severity wins, a bad one is no
///   reason to lose the finding. Recognised, case-insensitively: `blocker`, `warning`, `info`
///   and the usual synonyms (`critical`/`error`/`high` → blocker, `warn`/`medium`/`major` →
///   warning, `low`/`minor`/`note`/`nit`/`suggestion` → info).
/// A reply with no JSON at all gives no findings and `readable == false`; `[]` is readable.
public struct FindingsParser: Sendable {
    /// An item left out, with its 0-based position in the findings array.
    public struct Dropped: Hashable, Sendable {
        public var index: Int
        public var reason: String

        public init(index: Int, reason: String) {
            self.index = index
            self.reason = reason
        }
    }

    /// The findings of one reply and what was wrong with it.
    public struct Result: Hashable, Sendable {
        public var findings: [Finding]
        public var dropped: [Dropped]
        /// Findings kept with the pipeline default because their severity was missing or unknown.
        public var defaultedSeverities: Int
        /// False when no JSON findings array or object could be found in the reply.
        public var readable: Bool
    }

    public var pipeline: String
    public var defaultSeverity: Severity

    public init(pipeline: String, defaultSeverity: Severity) {
        self.pipeline = pipeline
        self.defaultSeverity = defaultSeverity
    }

    /// Parses `reply`. Fingerprints are set as for a finding outside the diff;
    /// `FindingAnchor` sets them again once the anchor line is known.
    public func parse(_ reply: String) -> Result {
        guard let value = ReplyJSONLocator.locate(reply, relevance: Self.relevance(of:)),
              let items = Self.items(of: value) else {
            return Result(findings: [], dropped: [], defaultedSeverities: 0, readable: false)
        }
        var result = Result(findings: [], dropped: [], defaultedSeverities: 0, readable: true)
        for (index, item) in items.enumerated() {
            switch finding(from: item) {
            case .kept(let finding, let defaulted):
                result.findings.append(finding)
                if defaulted { result.defaultedSeverities += 1 }
            case .dropped(let reason):
                result.dropped.append(Dropped(index: index, reason: reason))
            }
        }
        return result
    }

    /// 2 when `value` holds finding-like objects, 1 when it is an empty findings list, else 0.
    static func relevance(of value: JSONValue) -> Int {
        guard let items = items(of: value) else { return 0 }
        if items.isEmpty { return 1 }
        return items.contains { $0.kind == .object } ? 2 : 0
    }

    /// The findings array a value holds: itself, its `findings` member, or itself as one finding.
    static func items(of value: JSONValue) -> [JSONValue]? {
        switch value.kind {
        case .array:
            return value.elements
        case .object:
            if let list = value["findings"], list.kind == .array { return list.elements }
            if value["message"] != nil, value["file"] != nil || value["path"] != nil { return [value] }
            return nil
        default:
            return nil
        }
    }

    private enum Outcome {
        case kept(Finding, defaultedSeverity: Bool)
        case dropped(String)
    }

    private func finding(from item: JSONValue) -> Outcome {
        guard item.kind == .object else { return .dropped("not an object") }
        guard let path = Self.text(item["file"] ?? item["path"]) else {
            return .dropped("missing or invalid `file`")
        }
        guard let message = Self.text(item["message"]) else {
            return .dropped("missing or invalid `message`")
        }
        var line: Int?
        if let value = item["line"], !value.isNull {
            guard let number = Self.lineNumber(value) else { return .dropped("invalid `line`") }
            line = number
        }
        var optional: [String?] = []
        for key in ["category", "suggestion"] {
            guard let value = item[key], !value.isNull else {
                optional.append(nil)
                continue
            }
            guard value.kind == .string else { return .dropped("invalid `\(key)`") }
            optional.append(Self.text(value))
        }
        let severity = (item["severity"]?.string).flatMap(Self.severity(named:))
        var finding = Finding(pipeline: pipeline, path: path, line: line, severity: severity ?? defaultSeverity,
                              message: message, category: optional[0], suggestion: optional[1])
        finding.fingerprint = FindingFingerprint.compute(pipeline: pipeline, path: path, anchorText: nil, message: message)
        return .kept(finding, defaultedSeverity: severity == nil)
    }

    /// A non-blank string, trimmed.
    private static func text(_ value: JSONValue?) -> String? {
        guard let string = value?.string else { return nil }
        let trimmed = Self.trimmed(string)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A positive integer, or a string starting with one (`"12"`, `" 12-14"`, `"L12"` is not).
    static func lineNumber(_ value: JSONValue) -> Int? {
        if let number = value.int { return number > 0 ? number : nil }
        guard let string = value.string.map(Self.trimmed) else { return nil }
        let digits = string.prefix { $0.isASCII && $0.isNumber }
        let rest = string.dropFirst(digits.count).trimmingPrefix(" ")
        guard !digits.isEmpty, digits.count <= 9, rest.isEmpty || rest.first == "-" || rest.first == "–",
              let number = Int(digits), number > 0 else { return nil }
        return number
    }

    /// The severity a model meant, or nil when unrecognised.
    public static func severity(named name: String) -> Severity? {
        switch trimmed(name).lowercased() {
        case "blocker", "critical", "error", "high", "severe", "blocking": .blocker
        case "warning", "warn", "medium", "major", "moderate": .warning
        case "info", "information", "low", "minor", "note", "nit", "suggestion", "style": .info
        default: nil
        }
    }

    /// Without leading and trailing white space and newlines.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
