// SeverityStyle: how a severity looks in comments and the summary (emoji and bold name).

public import LoomCore

/// How severities look in Loom's Markdown.
public enum SeverityStyle {
    /// 🛑, ⚠️ or ℹ️.
    public static func emoji(_ severity: Severity) -> String {
        switch severity {
        case .blocker: "🛑"
        case .warning: "⚠️"
        case .info: "ℹ️"
        }
    }

    /// `🛑 **Blocker**`.
    public static func badge(_ severity: Severity) -> String {
        let name = severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst()
        return "\(emoji(severity)) **\(name)**"
    }
}
