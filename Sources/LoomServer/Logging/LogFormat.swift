// LogFormat: the two LOG_FORMAT choices, JSON lines for collectors and text for people.

/// How each log record is written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: `timestamp`, `level`, `message`, `service`, `logger`, then metadata.
    case json
    /// `2026-11-29T04:01:47.123Z INFO message key=value`, for reading in a terminal.
    case text

    /// Parses a `LOG_FORMAT` value, case-insensitively.
    public init?(parsing text: String) {
        self.init(rawValue: text.lowercased())
    }
}
