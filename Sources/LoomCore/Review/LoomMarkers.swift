// LoomMarkers: the hidden HTML comments that tag every comment Loom writes, and how to read them back.

/// Loom recognises its own comments on a later review by hidden markers (HTML comments, which
/// every platform's Markdown renderer hides): the summary is edited in place, and a finding
/// whose fingerprint is already on the pull request is not posted again. This is the one place
/// that spells them.
public enum LoomMarkers {
    /// Ends the summary comment (and Loom's other top-level notices, so they share one comment).
    public static let summary = "<!-- loom:summary -->"

    /// The opening of a finding marker, up to the fingerprint.
    public static let findingPrefix = "<!-- loom:finding fingerprint="

    /// The close of a finding marker.
    public static let findingSuffix = " -->"

    /// `<!-- loom:finding fingerprint=… -->` for one inline finding.
    public static func finding(fingerprint: String) -> String {
        findingPrefix + fingerprint + findingSuffix
    }

    /// Whether `body` is Loom's summary (or another Loom top-level notice).
    public static func isSummary(_ body: String) -> Bool {
        body.contains(summary)
    }

    /// Whether `body` carries any Loom marker.
    public static func isLoomComment(_ body: String) -> Bool {
        isSummary(body) || body.contains(findingPrefix)
    }

    /// Every fingerprint in `body`'s finding markers, in order (a comment grouping several
    /// findings has several). Only lowercase hex fingerprints are accepted.
    public static func fingerprints(in body: String) -> [String] {
        var result: [String] = []
        var rest = body[...]
        while let start = rest.firstRange(of: findingPrefix) {
            rest = rest[start.upperBound...]
            let value = rest.prefix { ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "f") }
            if !value.isEmpty, rest[value.endIndex...].hasPrefix(findingSuffix) {
                result.append(String(value))
            }
            rest = rest[value.endIndex...]
        }
        return result
    }

    /// Makes untrusted text (a model's message, a PR title) unable to forge or break a marker:
    /// `<!--` becomes `&lt;!--`, which Markdown shows as typed.
    public static func neutralize(_ text: String) -> String {
        guard text.contains("<!--") else { return text }
        return text.replacing("<!--", with: "&lt;!--")
    }
}
