// MarkdownText: small formatting helpers for Loom's Markdown — code spans, one-line text, numbers, durations.

internal import LoomCore

/// Formatting shared by the summary and notices. Untrusted text (model output, paths) goes
/// through `line(_:)` or `code(_:)`, which also neutralize Loom's markers.
public enum MarkdownText {
    /// Text on one line: white space runs (newlines included) become one space, markers are
    /// neutralized, and anything past `limit` characters is cut with `…`.
    public static func line(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let clipped = flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
        return LoomMarkers.neutralize(clipped)
    }

    /// A code span that survives backticks in `text` (fenced with a longer run of backticks).
    public static func code(_ text: String) -> String {
        let flat = line(text, limit: 500)
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = longest > 0 ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Text for a table cell: one line, `|` escaped.
    public static func cell(_ text: String) -> String {
        line(text, limit: 200).replacing("|", with: "\\|")
    }

    /// `12,345`.
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `0.4 s`, `42.3 s`, `2 min 5 s`, `1 h 2 min`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "—" }
        if seconds < 60 {
            let tenths = Int((seconds * 10).rounded())
            return tenths >= 600 ? "1 min 0 s" : "\(tenths / 10).\(tenths % 10) s"
        }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    /// `1 finding`, `2 findings`.
    public static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number(value)) \(value == 1 ? singular : plural ?? singular + "s")"
    }
}
