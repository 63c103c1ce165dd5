// InlineCommentRenderer: the Markdown bodies of inline comments, each ending in its hidden finding marker.

public import LoomCore

/// Builds the inline comments to post from the findings `OutputPolicy` chose.
///
/// A comment shows the severity, the category and pipeline, the message, and the suggestion if
/// any, then one `<!-- loom:finding fingerprint=… -->` marker per finding it holds. Model text
/// is passed through `LoomMarkers.neutralize`, so a reply cannot forge a marker.
public enum InlineCommentRenderer {
    /// One comment per finding, or with `groupByFile` one per file on its first finding's line.
    public static func comments(for findings: [AnchoredFinding], groupByFile: Bool) -> [InlineComment] {
        let placed = findings.compactMap { anchored in anchored.inlineLine.map { (anchored.finding, $0) } }
        guard groupByFile else {
            return placed.map { finding, line in
                InlineComment(path: finding.path, line: line, body: body(for: finding), fingerprint: finding.fingerprint)
            }
        }
        var order: [String] = []
        var byPath: [String: [(Finding, Int)]] = [:]
        for (finding, line) in placed {
            if byPath[finding.path] == nil { order.append(finding.path) }
            byPath[finding.path, default: []].append((finding, line))
        }
        return order.map { path in
            let group = byPath[path]!
            return InlineComment(path: path, line: group[0].1, body: groupedBody(for: group),
                                 fingerprint: group[0].0.fingerprint)
        }
    }

    /// The body of a comment holding one finding.
    public static func body(for finding: Finding) -> String {
        var out = heading(finding) + "\n\n" + LoomMarkers.neutralize(finding.message) + "\n"
        if let suggestion = finding.suggestion {
            out += "\n**Suggestion:** " + LoomMarkers.neutralize(suggestion) + "\n"
        }
        out += "\n" + LoomMarkers.finding(fingerprint: finding.fingerprint)
        return out
    }

    /// The body of a comment holding a file's findings, each introduced by its line.
    public static func groupedBody(for findings: [(Finding, Int)]) -> String {
        var out = ""
        for (finding, line) in findings {
            out += "**Line \(line)** · " + heading(finding) + "\n\n" + LoomMarkers.neutralize(finding.message) + "\n"
            if let suggestion = finding.suggestion {
                out += "\n**Suggestion:** " + LoomMarkers.neutralize(suggestion) + "\n"
            }
            out += "\n"
        }
        out += findings.map { LoomMarkers.finding(fingerprint: $0.0.fingerprint) }.joined(separator: "\n")
        return out
    }

    /// `🛑 **Blocker** · security · _pipeline_`.
    static func heading(_ finding: Finding) -> String {
        var parts = [SeverityStyle.badge(finding.severity)]
        if let category = finding.category { parts.append(LoomMarkers.neutralize(category)) }
        parts.append("_\(finding.pipeline)_")
        return parts.joined(separator: " · ")
    }
}
