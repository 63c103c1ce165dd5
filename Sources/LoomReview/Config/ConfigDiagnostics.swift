// ConfigDiagnostics: collects every problem found while reading one file, instead of stopping at the first.

/// An error sink for one file.
struct ConfigDiagnostics {
    let source: String
    private(set) var errors: [ConfigError] = []

    /// Past this, further errors are noise (and a hostile file could make millions).
    static let limit = 200

    init(source: String) { self.source = source }

    mutating func add(line: Int, path: String, _ message: String) {
        guard errors.count < Self.limit else { return }
        errors.append(ConfigError(source: source, line: max(1, line), keyPath: path, message: message))
        if errors.count == Self.limit {
            errors.append(ConfigError(source: source, line: max(1, line), keyPath: "",
                                      message: "too many errors; stopping here"))
        }
    }

    mutating func append(contentsOf other: [ConfigError]) {
        errors.append(contentsOf: other)
    }

    var isEmpty: Bool { errors.isEmpty }
    var count: Int { errors.count }
}
