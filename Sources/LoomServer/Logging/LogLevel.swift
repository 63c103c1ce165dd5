// LogLevel: the five LOG_LEVEL names operators use, mapped to and from swift-log's seven levels.

public import Logging

/// A log level as named in `LOG_LEVEL` and printed in log lines.
///
/// swift-log has two extra levels; `trace` prints as `DEBUG` and `notice` as `INFO`, so every
/// line carries one of the five names dashboards and alert rules know.
public enum LogLevel: String, Sendable, CaseIterable {
    case debug = "DEBUG"
    case info = "INFO"
    case warning = "WARNING"
    case error = "ERROR"
    case critical = "CRITICAL"

    /// Parses a `LOG_LEVEL` value, case-insensitively (`"debug"`, `"Info"`, `"WARNING"`).
    public init?(parsing text: String) {
        self.init(rawValue: text.uppercased())
    }

    /// The name printed for a swift-log level.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info, .notice: self = .info
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }

    /// The lowest swift-log level that passes this setting.
    ///
    /// `DEBUG` admits `trace` as well, since trace records print as `DEBUG` and an operator asking
    /// for debug output expects everything that will be labelled so.
    public var minimumLoggerLevel: Logger.Level {
        switch self {
        case .debug: .trace
        case .info: .info
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}
