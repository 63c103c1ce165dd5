// UnifiedDiffParser+Headers: the lines between hunks — file headers, extended headers, binary markers.

extension UnifiedDiffParser {
    /// A line that is not part of an open hunk.
    mutating func processOutsideHunk(_ raw: String) {
        // Header lines of a diff saved with CRLF endings still parse; content lines keep their `\r`.
        let line = raw.utf8.last == 0x0D ? String(decoding: raw.utf8.dropLast(), as: UTF8.self) : raw
        if skippingBinaryPatch {
            guard line.hasPrefix("diff --git ") else { return }
            skippingBinaryPatch = false
        }
        if let pending = pendingOld {
            pendingOld = nil
            if line.hasPrefix("+++ ") {
                let new = Self.pathSide(line.dropFirst(4), prefix: "b/")
                fileLines(old: pending.side, new: new, startLine: pending.line)
                return
            }
            issues.append(Issue(line: pending.line, message: "`---` line without a following `+++` line ignored"))
        }
        if line.hasPrefix("diff --git ") {
            startGitFile(line.dropFirst(11))
        } else if line.hasPrefix("--- ") {
            flushStrayRun()
            pendingOld = (Self.pathSide(line.dropFirst(4), prefix: "a/"), lineNumber)
        } else if line.hasPrefix("@@@") {
            flushStrayRun()
            issues.append(Issue(line: lineNumber, message: "combined (merge) hunk ignored with its body"))
            skippingHunkBody = true
        } else if line.hasPrefix("@@") {
            startHunk(line)
        } else if file != nil, file?.hunks.isEmpty == true, extendedHeader(line) {
            return
        } else if line.hasPrefix("Binary files "), line.hasSuffix(" differ") {
            binaryLine(line.dropFirst(13).dropLast(7))
        } else if line.hasPrefix("GIT binary patch"), file != nil {
            file?.isBinary = true
            skippingBinaryPatch = true
        } else if !skippingHunkBody, file?.hunks.isEmpty == false, line != "-- ",
                  let first = line.utf8.first,
                  first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: " ") {
            // A body line with no hunk to hold it: the previous hunk's counts were too small.
            if let run = strayRun { strayRun = (run.start, run.count + 1) } else { strayRun = (lineNumber, 1) }
        }
        // Anything else (mail headers of a `.patch`, commit messages, signatures) is not diff content.
    }

    private mutating func startGitFile(_ rest: Substring) {
        flushStrayRun()
        closeFile()
        skippingHunkBody = false
        let paths = Self.gitLinePaths(rest)
        file = FileBuilder(startLine: lineNumber, hasGitHeader: true, oldPath: paths.old, newPath: paths.new)
    }

    private mutating func startHunk(_ line: String) {
        flushStrayRun()
        guard file != nil else {
            issues.append(Issue(line: lineNumber, message: "hunk outside of any file ignored with its body"))
            skippingHunkBody = true
            return
        }
        guard let header = HunkHeader(parsing: line) else {
            issues.append(Issue(line: lineNumber,
                                message: "unreadable hunk header `\(Self.clip(line))` ignored with its body"))
            skippingHunkBody = true
            return
        }
        skippingHunkBody = false
        hunk = HunkBuilder(header: header, line: lineNumber, text: Self.clip(line))
    }

    /// A `---`/`+++` pair: the paths of the current `diff --git` file, or a new plain-diff file.
    private mutating func fileLines(old: PathSide, new: PathSide, startLine: Int) {
        flushStrayRun()
        skippingHunkBody = false
        if let current = file, current.hasGitHeader, !current.sawFileLines, current.hunks.isEmpty, !current.isBinary {
            file?.apply(old: old, new: new)
            return
        }
        closeFile()
        var builder = FileBuilder(startLine: startLine, hasGitHeader: false, oldPath: nil, newPath: nil)
        builder.apply(old: old, new: new)
        file = builder
    }

    /// `Binary files A and B differ`: marks the current file, or starts one in a plain diff.
    private mutating func binaryLine(_ inner: Substring) {
        flushStrayRun()
        let paths = Self.binaryPaths(inner)
        if let current = file, current.hunks.isEmpty, !current.isBinary {
            if case .devNull = paths.old { file?.oldDevNull = true }
            if case .devNull = paths.new { file?.newDevNull = true }
            file?.isBinary = true
            return
        }
        closeFile()
        var builder = FileBuilder(startLine: lineNumber, hasGitHeader: false, oldPath: nil, newPath: nil)
        builder.apply(old: paths.old, new: paths.new)
        builder.isBinary = true
        file = builder
    }

    /// Git's extended header lines; false when `line` is none of them.
    private mutating func extendedHeader(_ line: String) -> Bool {
        if line.hasPrefix("new file mode") {
            file?.isNew = true
        } else if line.hasPrefix("deleted file mode") {
            file?.isDeleted = true
        } else if let name = Self.value(of: line, after: ["rename from ", "rename old "]) {
            file?.isRename = true
            file?.oldPath = name
        } else if let name = Self.value(of: line, after: ["rename to ", "rename new "]) {
            file?.isRename = true
            file?.newPath = name
        } else if let name = Self.value(of: line, after: ["copy from "]) {
            file?.isCopy = true
            file?.oldPath = name
        } else if let name = Self.value(of: line, after: ["copy to "]) {
            file?.isCopy = true
            file?.newPath = name
        } else {
            let ignored = ["index ", "old mode ", "new mode ", "similarity index ", "dissimilarity index "]
            return ignored.contains { line.hasPrefix($0) }
        }
        return true
    }

    /// The (possibly quoted) path after the first matching prefix.
    private static func value(of line: String, after prefixes: [String]) -> String? {
        guard let prefix = prefixes.first(where: { line.hasPrefix($0) }) else { return nil }
        let rest = line.dropFirst(prefix.count)
        if rest.first == "\"", let quoted = GitPath.unquote(rest) { return quoted.path }
        return String(rest)
    }

    /// A header line shortened for an issue message.
    static func clip(_ line: String) -> String {
        line.count <= 80 ? line : String(line.prefix(77)) + "..."
    }
}
