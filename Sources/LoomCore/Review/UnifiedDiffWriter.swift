// UnifiedDiffWriter: a `Diff` back to git-style unified diff text (for `{{raw_diff}}` and rebuilt headers).

/// Writes unified diff text in git's layout: `diff --git`, the extended header lines the
/// `FileDiff` status implies, `---`/`+++` (only when there are hunks), hunks with `,count`
/// omitted when it is 1, and `\ No newline at end of file` after flagged lines.
///
/// File modes are not kept in `FileDiff`, so added and deleted files say `100644`; `index`
/// lines are not written. `UnifiedDiffParser.parse(write(diff)).diff == diff` holds for any
/// diff the parser produced.
public enum UnifiedDiffWriter {
    /// The unified text of every file, in order.
    public static func write(_ diff: Diff) -> String { write(diff.files) }

    /// The unified text of `files`, in order.
    public static func write(_ files: [FileDiff]) -> String {
        var out = ""
        for file in files { write(file, into: &out) }
        return out
    }

    /// Appends one file's text to `out`.
    public static func write(_ file: FileDiff, into out: inout String) {
        let old = file.oldPath ?? file.newPath ?? ""
        let new = file.newPath ?? file.oldPath ?? ""
        out += header(oldPath: old, newPath: new, status: file.status, fileLines: !file.isBinary && !file.hunks.isEmpty)
        if file.isBinary {
            let left = file.status == .added ? "/dev/null" : GitPath.quoteIfNeeded("a/" + old)
            let right = file.status == .deleted ? "/dev/null" : GitPath.quoteIfNeeded("b/" + new)
            out += "Binary files \(left) and \(right) differ\n"
            return
        }
        for hunk in file.hunks { write(hunk, into: &out) }
    }

    /// Appends a hunk: its header line and every line with its prefix.
    public static func write(_ hunk: Hunk, into out: inout String) {
        out += hunkHeader(hunk)
        out += "\n"
        for line in hunk.lines {
            switch line.kind {
            case .context: out += " "
            case .added: out += "+"
            case .removed: out += "-"
            }
            out += line.text
            out += "\n"
            if line.noNewlineAtEnd { out += "\\ No newline at end of file\n" }
        }
    }

    /// `@@ -a,b +c,d @@ section`, with `,1` left out like git does.
    public static func hunkHeader(_ hunk: Hunk) -> String {
        var text = "@@ -\(hunk.oldStart)"
        if hunk.oldCount != 1 { text += ",\(hunk.oldCount)" }
        text += " +\(hunk.newStart)"
        if hunk.newCount != 1 { text += ",\(hunk.newCount)" }
        text += " @@"
        if !hunk.section.isEmpty { text += " " + hunk.section }
        return text
    }

    /// The header lines of one file, up to and including `+++` when `fileLines` is true.
    ///
    /// `oldMode`/`newMode` (git's octal modes) are written when known: as the added or deleted
    /// file's mode, or as `old mode`/`new mode` lines when they differ.
    public static func header(oldPath: String, newPath: String, status: FileDiff.Status, fileLines: Bool,
                              oldMode: String? = nil, newMode: String? = nil) -> String {
        var out = "diff --git \(GitPath.quoteIfNeeded("a/" + oldPath)) \(GitPath.quoteIfNeeded("b/" + newPath))\n"
        switch status {
        case .added:
            out += "new file mode \(newMode ?? "100644")\n"
        case .deleted:
            out += "deleted file mode \(oldMode ?? "100644")\n"
        case .renamed, .copied, .modified:
            if let oldMode, let newMode, oldMode != newMode {
                out += "old mode \(oldMode)\nnew mode \(newMode)\n"
            }
            if status == .renamed {
                out += "rename from \(GitPath.quoteIfNeeded(oldPath))\nrename to \(GitPath.quoteIfNeeded(newPath))\n"
            } else if status == .copied {
                out += "copy from \(GitPath.quoteIfNeeded(oldPath))\ncopy to \(GitPath.quoteIfNeeded(newPath))\n"
            }
        }
        if fileLines {
            out += "--- " + (status == .added ? "/dev/null" : fileLineName("a/" + oldPath)) + "\n"
            out += "+++ " + (status == .deleted ? "/dev/null" : fileLineName("b/" + newPath)) + "\n"
        }
        return out
    }

    /// A `---`/`+++` name: quoted when needed; git ends a name holding a space with a tab.
    private static func fileLineName(_ name: String) -> String {
        let quoted = GitPath.quoteIfNeeded(name)
        return quoted == name && name.contains(" ") ? name + "\t" : quoted
    }
}
