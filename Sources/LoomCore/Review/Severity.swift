// Severity: how serious a finding is; ordered info < warning < blocker.

/// A finding's severity. The raw values are the config and API spelling.
public enum Severity: String, CaseIterable, Comparable, Hashable, Sendable, Codable {
    case info
    case warning
    case blocker

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .blocker: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
