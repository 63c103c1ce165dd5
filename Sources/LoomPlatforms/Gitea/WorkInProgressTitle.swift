// WorkInProgressTitle: Gitea's and Forgejo's draft marker, a `WIP:` or `[WIP]` title prefix.

/// Gitea and Forgejo mark drafts by title prefix (their default `WORK_IN_PROGRESS_PREFIXES`).
enum WorkInProgressTitle {
    static let prefixes = ["WIP:", "[WIP]"]

    /// True when `title` starts with a WIP prefix, ignoring case as Gitea does (no trimming:
    /// Gitea does not trim either, so a leading space makes it an ordinary title there too).
    static func hasPrefix(_ title: String) -> Bool {
        prefixes.contains { prefix in
            title.utf8.count >= prefix.utf8.count
                && title.utf8.prefix(prefix.utf8.count).elementsEqual(prefix.utf8, by: SignatureCheck.asciiCaseInsensitive)
        }
    }
}
