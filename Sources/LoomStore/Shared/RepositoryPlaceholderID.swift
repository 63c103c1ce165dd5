// RepositoryPlaceholderID: the stored platform id of a repository added by name before any webhook.

/// `loom repos add github:owner/repo` knows the name but not the platform's stable id. Such a
/// row is stored under `name:<lowercased full name>` so (platform, platform_id) stays unique, and
/// the first webhook for that name (case-insensitively) adopts the row and writes the real id.
/// Stores show the placeholder as an empty `RepositoryRef.platformID`.
public enum RepositoryPlaceholderID {
    static let prefix = "name:"

    /// The placeholder for `fullName`.
    public static func make(fullName: String) -> String {
        prefix + lowercasedASCII(fullName)
    }

    /// True for a stored placeholder.
    public static func isPlaceholder(_ platformID: String) -> Bool {
        platformID.hasPrefix(prefix)
    }

    /// What the API shows for a stored platform id: empty for a placeholder.
    public static func visible(_ stored: String) -> String {
        isPlaceholder(stored) ? "" : stored
    }

    /// ASCII-only lowercasing, matching SQLite's NOCASE and `lower()` (and what platforms
    /// compare case-insensitively in repository names).
    static func lowercasedASCII(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
