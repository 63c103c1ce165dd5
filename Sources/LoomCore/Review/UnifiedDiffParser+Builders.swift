// UnifiedDiffParser+Builders: the file and hunk being assembled while lines arrive.

extension UnifiedDiffParser {
    /// What is known so far about one file of the diff.
    struct FileBuilder: Sendable {
        var startLine: Int
        var hasGitHeader: Bool
        var oldPath: String?
        var newPath: String?
        var oldDevNull = false
        var newDevNull = false
        var isNew = false
        var isDeleted = false
        var isRename = false
        var isCopy = false
        var isBinary = false
        /// A `---`/`+++` pair was seen for this file.
        var sawFileLines = false
        var hunks: [Hunk] = []

        init(startLine: Int, hasGitHeader: Bool, oldPath: String?, newPath: String?) {
            self.startLine = startLine
            self.hasGitHeader = hasGitHeader
            self.oldPath = oldPath
            self.newPath = newPath
        }

        /// Takes the paths of a `---`/`+++` pair (exact, unlike the `diff --git` guess).
        mutating func apply(old: PathSide, new: PathSide) {
            sawFileLines = true
            switch old {
            case .devNull: oldDevNull = true
            case .path(let name): if !isRename && !isCopy { oldPath = name }
            case .missing: break
            }
            switch new {
            case .devNull: newDevNull = true
            case .path(let name): if !isRename && !isCopy { newPath = name }
            case .missing: break
            }
        }

        /// The finished file, or nil when no path at all is known.
        func build() -> FileDiff? {
            let old = oldPath ?? newPath
            let new = newPath ?? oldPath
            guard old != nil || new != nil else { return nil }
            let status: FileDiff.Status
            if isRename {
                status = .renamed
            } else if isCopy {
                status = .copied
            } else if isNew || (oldDevNull && !newDevNull) {
                status = .added
            } else if isDeleted || (newDevNull && !oldDevNull) {
                status = .deleted
            } else {
                status = .modified
            }
            return FileDiff(oldPath: status == .added ? nil : old, newPath: status == .deleted ? nil : new,
                            status: status, isBinary: isBinary, hunks: hunks)
        }
    }

    /// The numbers of a `@@ -a,b +c,d @@ section` line.
    struct HunkHeader: Hashable, Sendable {
        var oldStart: Int
        var oldCount: Int
        var newStart: Int
        var newCount: Int
        var section: String

        /// Largest start or count accepted; anything bigger is corrupt, not a real file.
        static let limit = 100_000_000

        init?(parsing line: String) {
            let bytes = Array(line.utf8)
            var index = 0
            func expect(_ text: String) -> Bool {
                for byte in text.utf8 {
                    guard index < bytes.count, bytes[index] == byte else { return false }
                    index += 1
                }
                return true
            }
            func number() -> Int? {
                var value = 0
                let start = index
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    value = value * 10 + Int(bytes[index] - 48)
                    guard value <= Self.limit else { return nil }
                    index += 1
                }
                return index > start ? value : nil
            }
            func range() -> (Int, Int)? {
                guard let start = number() else { return nil }
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return (start, 1) }
                index += 1
                return number().map { (start, $0) }
            }
            guard expect("@@ -"), let old = range(), expect(" +"), let new = range(), expect(" @@") else { return nil }
            var rest = bytes[index...]
            if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            (oldStart, oldCount, newStart, newCount) = (old.0, old.1, new.0, new.1)
            section = String(decoding: rest, as: UTF8.self)
        }
    }

    /// A hunk whose lines are still arriving.
    struct HunkBuilder: Sendable {
        let header: HunkHeader
        let headerLine: Int
        let headerText: String
        var oldRemaining: Int
        var newRemaining: Int
        var nextOld: Int
        var nextNew: Int
        var lines: [DiffLine] = []

        var oldCount: Int { header.oldCount }
        var newCount: Int { header.newCount }

        init(header: HunkHeader, line: Int, text: String) {
            self.header = header
            headerLine = line
            headerText = text
            oldRemaining = header.oldCount
            newRemaining = header.newCount
            nextOld = header.oldStart
            nextNew = header.newStart
        }

        mutating func append(_ kind: DiffLine.Kind, text: String) {
            switch kind {
            case .context:
                lines.append(DiffLine(kind: .context, text: text, oldLine: nextOld, newLine: nextNew))
                nextOld += 1
                nextNew += 1
                oldRemaining -= 1
                newRemaining -= 1
            case .added:
                lines.append(DiffLine(kind: .added, text: text, oldLine: nil, newLine: nextNew))
                nextNew += 1
                newRemaining -= 1
            case .removed:
                lines.append(DiffLine(kind: .removed, text: text, oldLine: nextOld, newLine: nil))
                nextOld += 1
                oldRemaining -= 1
            }
        }

        /// The hunk; a truncated one gets the counts of the lines it really has.
        func build() -> Hunk {
            Hunk(oldStart: header.oldStart, oldCount: header.oldCount - oldRemaining,
                 newStart: header.newStart, newCount: header.newCount - newRemaining,
                 section: header.section, lines: lines)
        }
    }
}
