// UnifiedDiffParser: reads `git diff` (or plain `---`/`+++`) unified diff text into a `Diff`, line by line.

/// An incremental, never-failing reader of unified diffs.
///
/// Understands `diff --git` headers with their extended lines (`new file mode`, `deleted file
/// mode`, `rename from/to`, `copy from/to`, `similarity index`, `old/new mode`, `index`),
/// `Binary files … differ` and `GIT binary patch` (the file is marked binary, its data skipped),
/// `---`/`+++` lines with `/dev/null` and quoted paths, hunks `@@ -a,b +c,d @@ section` (a
/// missing count means 1), `\ No newline at end of file`, and plain diffs with no `diff --git`
/// lines at all. Content lines keep a trailing `\r`, so CRLF files survive; header lines drop it.
///
/// Garbage never stops it. What it cannot make sense of is reported as an `Issue` with the
/// input line number, never silently lost:
/// - a hunk that ends before its header's counts are reached is **kept** with the lines it had
///   (their numbers are right, since they count from the header) and reported;
/// - a hunk header that cannot be read, or a combined `@@@` hunk, is reported and its body
///   skipped up to the next file or hunk header;
/// - body lines (`+`, `-`, ` `) found outside any hunk are reported, one issue per run.
/// Other text between files (mail headers of a `.patch`, a commit message) is ignored.
///
/// ```swift
/// let result = UnifiedDiffParser.parse(text)
/// var parser = UnifiedDiffParser()
/// for line in lines { parser.feed(line: line) }
/// let same = parser.finish()
/// ```
public struct UnifiedDiffParser: Sendable {
    /// Something in the input that could not be used as is.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        /// 1-based line of the input where the problem was seen.
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }
    }

    /// The parsed diff and what was wrong with the input.
    public struct Result: Hashable, Sendable {
        public var diff: Diff
        public var issues: [Issue]

        public init(diff: Diff, issues: [Issue]) {
            self.diff = diff
            self.issues = issues
        }
    }

    var files: [FileDiff] = []
    var issues: [Issue] = []
    var file: FileBuilder?
    var hunk: HunkBuilder?
    /// A `--- ` line waiting for the `+++ ` that makes it a file header.
    var pendingOld: (side: PathSide, line: Int)?
    var lineNumber = 0
    var skippingBinaryPatch = false
    var skippingHunkBody = false
    /// Start and length of the current run of body lines seen outside any hunk.
    var strayRun: (start: Int, count: Int)?
    /// Bytes of an unfinished line from `feed(_:)`.
    private var partial: [UInt8] = []

    public init() {}

    /// Parses a whole diff.
    public static func parse(_ text: String) -> Result {
        var parser = UnifiedDiffParser()
        parser.feed(text.utf8)
        return parser.finish()
    }

    /// Parses a whole diff given as bytes (invalid UTF-8 becomes U+FFFD in line texts).
    public static func parse(bytes: some Collection<UInt8>) -> Result {
        var parser = UnifiedDiffParser()
        parser.feed(bytes)
        return parser.finish()
    }

    /// Feeds any piece of the input; lines may be split across calls anywhere.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == 0x0A {
                if partial.isEmpty {
                    process(String(decoding: bytes[start..<index], as: UTF8.self))
                } else {
                    partial.append(contentsOf: bytes[start..<index])
                    process(String(decoding: partial, as: UTF8.self))
                    partial.removeAll(keepingCapacity: true)
                }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        partial.append(contentsOf: bytes[start..<index])
    }

    /// Feeds one whole line, without its `\n`.
    public mutating func feed(line: String) {
        if !partial.isEmpty {
            partial.append(contentsOf: line.utf8)
            let text = String(decoding: partial, as: UTF8.self)
            partial.removeAll()
            process(text)
        } else {
            process(line)
        }
    }

    /// Ends the input (a last line without `\n` counts) and returns everything parsed.
    public mutating func finish() -> Result {
        if !partial.isEmpty {
            let text = String(decoding: partial, as: UTF8.self)
            partial.removeAll()
            process(text)
        }
        closeHunk()
        flushStrayRun()
        if let pending = pendingOld {
            issues.append(Issue(line: pending.line, message: "`---` line without a following `+++` line ignored"))
            pendingOld = nil
        }
        closeFile()
        return Result(diff: Diff(files: files), issues: issues)
    }

    /// One input line, without `\n`.
    mutating func process(_ line: String) {
        lineNumber += 1
        if hunk != nil {
            if consumeHunkLine(line) { return }
            closeHunk()
        }
        processOutsideHunk(line)
    }

    /// Adds `line` to the open hunk; false when it cannot belong to it (the hunk then ends).
    private mutating func consumeHunkLine(_ line: String) -> Bool {
        guard var open = hunk else { return false }
        defer { hunk = open }
        guard let first = line.utf8.first else {
            // An empty line where a context line is due: some tools strip the lone space.
            guard open.oldRemaining > 0, open.newRemaining > 0 else { return false }
            open.append(.context, text: "")
            return true
        }
        switch first {
        case UInt8(ascii: " ") where open.oldRemaining > 0 && open.newRemaining > 0:
            open.append(.context, text: String(line.dropFirst()))
        case UInt8(ascii: "+") where open.newRemaining > 0:
            open.append(.added, text: String(line.dropFirst()))
        case UInt8(ascii: "-") where open.oldRemaining > 0:
            open.append(.removed, text: String(line.dropFirst()))
        case UInt8(ascii: "\\"):
            // `\ No newline at end of file` (or a translation of it) marks the line before.
            guard !open.lines.isEmpty else { return false }
            open.lines[open.lines.count - 1].noNewlineAtEnd = true
        default:
            return false
        }
        return true
    }

    /// Ends the open hunk, reporting it when its counts were not reached.
    mutating func closeHunk() {
        guard let open = hunk else { return }
        hunk = nil
        if open.oldRemaining > 0 || open.newRemaining > 0 {
            let readOld = open.oldCount - open.oldRemaining
            let readNew = open.newCount - open.newRemaining
            issues.append(Issue(line: open.headerLine, message:
                "hunk `\(open.headerText)` is truncated: \(readOld) of \(open.oldCount) old and \(readNew) of "
                + "\(open.newCount) new lines present; kept what was there"))
        }
        file?.hunks.append(open.build())
    }

    /// Ends the current file and records it.
    mutating func closeFile() {
        closeHunk()
        guard let current = file else { return }
        file = nil
        if let built = current.build() {
            files.append(built)
        } else {
            issues.append(Issue(line: current.startLine, message: "file header without any path ignored"))
        }
    }

    /// Reports the current run of body lines found outside any hunk.
    mutating func flushStrayRun() {
        guard let run = strayRun else { return }
        strayRun = nil
        let what = run.count == 1 ? "1 line" : "\(run.count) lines"
        issues.append(Issue(line: run.start, message: "\(what) outside any hunk ignored"))
    }
}
