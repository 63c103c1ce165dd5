// FindingFingerprint: a finding's identity across re-reviews, so one already posted is not posted again.

internal import LoomCore
internal import LoomCrypto

/// SHA-256 (lowercase hex) over the pipeline, the path, the anchor line's *text* and the
/// normalized message, separated by NUL bytes.
///
/// The anchor line is taken by text, not number, so a finding survives lines shifting above it;
/// its indentation is trimmed so re-indenting does not count as new. The message is lowercased
/// with white space runs collapsed, since models vary those freely. A finding with no anchor
/// line (outside the diff) uses an empty text.
public enum FindingFingerprint {
    /// The fingerprint; `anchorText` nil (outside the diff) counts as empty.
    public static func compute(pipeline: String, path: String, anchorText: String?, message: String) -> String {
        let input = [pipeline, path, trimmed(anchorText ?? ""), normalized(message)].joined(separator: "\u{0}")
        return Hex.encode(Digest.sha256(input))
    }

    /// Lowercased, white space runs as one space, no leading or trailing white space.
    public static func normalized(_ message: String) -> String {
        message.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func trimmed(_ text: String) -> String {
        let characters = text.drop { $0.isWhitespace }
        guard let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(characters[...last])
    }
}
