// PromptDiffRenderer: the diff as prompt text — `{{diff}}` with new-file line numbers, `{{raw_diff}}`, `{{files}}`.

public import LoomCore

/// Renders changed files for prompt templates.
///
/// `{{diff}}` numbers every added and context line with its new-file line, and marks removed
/// lines with a blank number, so a model can cite the exact line a comment must go on:
/// ```
/// ## File: src/app.swift (modified, +1 -1)
/// @@ -10,3 +10,3 @@ func run()
///   10   let a = 0
///      - old()
///   11 + let x = 1
///   12   foo()
/// ```
public enum PromptDiffRenderer {
    /// `{{diff}}`: every file with its header and numbered hunk lines.
    public static func annotated(_ files: [FileDiff]) -> String {
        var out = ""
        for file in files { out += annotated(file) }
        return out
    }

    /// One file of `{{diff}}`; `part` is (this part, number of parts) when a chunk holds only
    /// some of the file's hunks.
    public static func annotated(_ file: FileDiff, part: (index: Int, count: Int)? = nil) -> String {
        var out = fileHeader(file, part: part)
        let width = numberWidth(file)
        for hunk in file.hunks {
            out += hunkHeader(hunk)
            for line in hunk.lines { out += annotatedLine(line, width: width) }
        }
        return out
    }

    /// `{{raw_diff}}`: plain git-style unified diff.
    public static func raw(_ files: [FileDiff]) -> String {
        UnifiedDiffWriter.write(files)
    }

    /// `{{files}}`: one line per file with its status and line counts.
    public static func fileList(_ files: [FileDiff]) -> String {
        files.map { "- \($0.path) (\(describe($0)))\n" }.joined()
    }

    /// `modified, +3 -1`, `renamed from old/path, +0 -0`, `binary, not reviewed`.
    public static func describe(_ file: FileDiff) -> String {
        var status = file.status.rawValue
        if let old = file.oldPath, file.status == .renamed || file.status == .copied {
            status += " from \(old)"
        }
        if file.isBinary { return "\(status), binary, not reviewed" }
        return "\(status), +\(file.additions) -\(file.deletions)"
    }

    /// `## File: path (status, +a -d[, part i of n])` followed by a newline.
    public static func fileHeader(_ file: FileDiff, part: (index: Int, count: Int)? = nil) -> String {
        var description = describe(file)
        if let part, part.count > 1 { description += ", part \(part.index) of \(part.count)" }
        let note = file.hunks.isEmpty && !file.isBinary ? "\n(no content changes)" : ""
        return "## File: \(file.path) (\(description))\(note)\n"
    }

    /// The hunk's `@@` line followed by a newline.
    public static func hunkHeader(_ hunk: Hunk) -> String {
        UnifiedDiffWriter.hunkHeader(hunk) + "\n"
    }

    /// One hunk line with its number column of `width` digits, followed by a newline.
    public static func annotatedLine(_ line: DiffLine, width: Int) -> String {
        var out: String
        switch line.kind {
        case .added: out = pad(line.newLine, width) + " + "
        case .context: out = pad(line.newLine, width) + "   "
        case .removed: out = String(repeating: " ", count: width) + " - "
        }
        out += line.text
        out += "\n"
        if line.noNewlineAtEnd { out += String(repeating: " ", count: width) + "   \\ No newline at end of file\n" }
        return out
    }

    /// Digits needed for the file's largest new-file line number (at least 4, so columns line up
    /// across files of ordinary size).
    public static func numberWidth(_ file: FileDiff) -> Int {
        let largest = file.hunks.map { $0.newStart + $0.newCount }.max() ?? 0
        return max(4, String(largest).count)
    }

    private static func pad(_ number: Int?, _ width: Int) -> String {
        let text = number.map(String.init) ?? ""
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
