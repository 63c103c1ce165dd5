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
        // Plain loops over a small struct: the tuple-and-closure form crashed the 6.3 optimizer
        // (CopyPropagation "ownership error") in release builds.
        var placed: [Placed] = []
        for anchored in findings {
            if let line = anchored.inlineLine { placed.append(Placed(finding: anchored.finding, line: line)) }
        }
        var comments: [InlineComment] = []
        guard groupByFile else {
            for item in placed {
                comments.append(InlineComment(path: item.finding.path, line: item.line, body: body(for: item.finding),
                                              fingerprint: item.finding.fingerprint))
            }
            return comments
        }
        var order: [String] = []
        var byPath: [String: [Placed]] = [:]
        for item in placed {
            if byPath[item.finding.path] == nil { order.append(item.finding.path) }
            byPath[item.finding.path, default: []].append(item)
        }
        for path in order {
            guard let group = byPath[path], let first = group.first else { continue }
            comments.append(InlineComment(path: path, line: first.line, body: groupedBody(for: group.map { ($0.finding, $0.line) }),
                                          fingerprint: first.finding.fingerprint))
        }
        return comments
    }

    private struct Placed {
        let finding: Finding
        let line: Int
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
