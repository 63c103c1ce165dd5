// Diff: a parsed unified diff — files, hunks and lines with old/new line numbers.

/// A whole change: every file that differs between base and head.
public struct Diff: Hashable, Sendable {
    public var files: [FileDiff]

    public init(files: [FileDiff]) { self.files = files }

    /// The file whose new path (or, for deletions, old path) is `path`.
    public func file(_ path: String) -> FileDiff? {
        files.first { $0.path == path }
    }

    /// Lines added plus lines removed, over all files.
    public var changedLineCount: Int { files.reduce(0) { $0 + $1.additions + $1.deletions } }
}

/// One file's change.
public struct FileDiff: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        case added, deleted, modified, renamed, copied
    }

    /// Path before the change (nil when added).
    public var oldPath: String?
    /// Path after the change (nil when deleted).
    public var newPath: String?
    public var status: Status
    /// Binary files are listed, never reviewed.
    public var isBinary: Bool
    public var hunks: [Hunk]

    public init(oldPath: String?, newPath: String?, status: Status, isBinary: Bool = false, hunks: [Hunk] = []) {
        self.oldPath = oldPath
        self.newPath = newPath
        self.status = status
        self.isBinary = isBinary
        self.hunks = hunks
    }

    /// The path people refer to: the new path, or the old one for a deletion.
    public var path: String { newPath ?? oldPath ?? "" }

    public var additions: Int { hunks.reduce(0) { $0 + $1.lines.filter { $0.kind == .added }.count } }
    public var deletions: Int { hunks.reduce(0) { $0 + $1.lines.filter { $0.kind == .removed }.count } }

    /// New-file line numbers a comment may be anchored on (added and context lines in hunks):
    /// the right side of the diff, which every platform accepts.
    public var commentableNewLines: Set<Int> {
        var lines = Set<Int>()
        for hunk in hunks {
            for line in hunk.lines where line.kind != .removed {
                if let number = line.newLine { lines.insert(number) }
            }
        }
        return lines
    }

    /// The diff line at new-file line `number`, with its hunk index.
    public func line(atNewLine number: Int) -> (hunk: Int, line: DiffLine)? {
        for (index, hunk) in hunks.enumerated() {
            if let line = hunk.lines.first(where: { $0.newLine == number && $0.kind != .removed }) { return (index, line) }
        }
        return nil
    }
}

/// One `@@ -a,b +c,d @@` block.
public struct Hunk: Hashable, Sendable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    /// Text after the second `@@` (often the enclosing function).
    public var section: String
    public var lines: [DiffLine]

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: String = "", lines: [DiffLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.section = section
        self.lines = lines
    }
}

/// One line of a hunk.
public struct DiffLine: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case context, added, removed
    }

    public var kind: Kind
    /// The line's text without the leading ` `, `+` or `-`.
    public var text: String
    /// Line number in the old file (context and removed lines).
    public var oldLine: Int?
    /// Line number in the new file (context and added lines).
    public var newLine: Int?
    /// The file had no newline at its end after this line (`\ No newline at end of file`).
    public var noNewlineAtEnd: Bool

    public init(kind: Kind, text: String, oldLine: Int?, newLine: Int?, noNewlineAtEnd: Bool = false) {
        self.kind = kind
        self.text = text
        self.oldLine = oldLine
        self.newLine = newLine
        self.noNewlineAtEnd = noNewlineAtEnd
    }
}
