// MyersDiff: line diff of two file contents into git-style hunks (for platforms with no diff endpoint).

/// Compares two versions of a file line by line with Myers' O(ND) algorithm and returns hunks
/// laid out like `git diff` (default Myers, no indent heuristic): 3 lines of context, hunks
/// closer than twice the context merged, removals before additions within a change, git's
/// default hunk section (the last preceding old line starting with a letter, `_` or `$`), and
/// the `\ No newline at end of file` flags. Azure DevOps has no unified-diff endpoint, so its
/// adapter builds the diff from the contents at both commits with this.
///
/// A last line without a newline differs from the same text with one, as in git. The common
/// prefix and suffix are set aside first; when the rest needs more than `maxEditDistance`
/// insertions plus deletions, it is shown as removed whole and added whole instead (a valid,
/// merely non-minimal diff) so time and memory stay bounded.
public enum MyersDiff {
    /// Edit distance above which the changed middle is shown as a whole replacement. The
    /// search costs O((N+M)·D) time and O(D²) memory (4 MB at this value).
    public static let defaultMaxEditDistance = 1000

    /// The change of one file. `old` nil means added, `new` nil deleted; different paths on both
    /// sides make a rename. Contents with a NUL byte in their first 8000 bytes are binary (git's
    /// test): the file is marked so and gets no hunks.
    public static func fileDiff(oldPath: String?, newPath: String?, old: [UInt8]?, new: [UInt8]?, context: Int = 3,
                                maxEditDistance: Int = defaultMaxEditDistance) -> FileDiff {
        let renamed = oldPath != nil && newPath != nil && oldPath != newPath
        let status: FileDiff.Status = old == nil ? .added : new == nil ? .deleted : renamed ? .renamed : .modified
        let binary = old.map(isBinary) == true || new.map(isBinary) == true
        let hunks = binary ? [] : hunks(old: old ?? [], new: new ?? [], context: context, maxEditDistance: maxEditDistance)
        return FileDiff(oldPath: status == .added ? nil : (oldPath ?? newPath),
                        newPath: status == .deleted ? nil : (newPath ?? oldPath),
                        status: status, isBinary: binary, hunks: hunks)
    }

    /// The hunks turning `old` into `new`; empty when they are equal.
    public static func hunks(old: String, new: String, context: Int = 3,
                             maxEditDistance: Int = defaultMaxEditDistance) -> [Hunk] {
        hunks(old: Array(old.utf8), new: Array(new.utf8), context: context, maxEditDistance: maxEditDistance)
    }

    /// The hunks turning `old` into `new` (bytes; invalid UTF-8 shows as U+FFFD in line texts).
    public static func hunks(old: [UInt8], new: [UInt8], context: Int = 3,
                             maxEditDistance: Int = defaultMaxEditDistance) -> [Hunk] {
        let oldLines = SplitFile(old)
        let newLines = SplitFile(new)
        var table: [LineKey: Int32] = [:]
        let a = oldLines.ids(into: &table)
        let b = newLines.ids(into: &table)
        let ops = script(a, b, maxEditDistance: max(0, maxEditDistance))
        return makeHunks(ops, old: oldLines, new: newLines, context: max(0, context))
    }

    /// Git's binary test: a NUL byte in the first 8000 bytes.
    public static func isBinary(_ content: [UInt8]) -> Bool {
        content.prefix(8000).contains(0)
    }

    /// A line's identity: its bytes and whether a newline ended it.
    struct LineKey: Hashable {
        var bytes: ArraySlice<UInt8>
        var terminated: Bool
    }

    /// A file's bytes cut into lines.
    struct SplitFile {
        let bytes: [UInt8]
        /// Byte ranges of the lines, without their `\n`.
        let ranges: [Range<Int>]
        /// The last line ends with `\n` (true for an empty file).
        let terminated: Bool

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            var ranges: [Range<Int>] = []
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                ranges.append(start..<index)
                start = index + 1
            }
            if start < bytes.count { ranges.append(start..<bytes.count) }
            self.ranges = ranges
            terminated = bytes.last.map { $0 == 0x0A } ?? true
        }

        var count: Int { ranges.count }

        func text(_ index: Int) -> String { String(decoding: bytes[ranges[index]], as: UTF8.self) }

        /// Each line as a small integer, equal lines (across both files) equal.
        func ids(into table: inout [LineKey: Int32]) -> [Int32] {
            ranges.indices.map { index in
                let key = LineKey(bytes: bytes[ranges[index]], terminated: index < ranges.count - 1 || terminated)
                if let id = table[key] { return id }
                let id = Int32(table.count)
                table[key] = id
                return id
            }
        }
    }
}
