// MyersDiff+Hunks: an edit script cut into git-style hunks with context, numbers and section headings.

extension MyersDiff {
    /// Groups the changes of `ops` into hunks with `context` lines around them; changes separated
    /// by at most `2 × context` unchanged lines share a hunk, as in git.
    static func makeHunks(_ ops: [Op], old: SplitFile, new: SplitFile, context: Int) -> [Hunk] {
        // Old and new line index before each op.
        var oldBefore = [Int](repeating: 0, count: ops.count + 1)
        var newBefore = [Int](repeating: 0, count: ops.count + 1)
        var changes: [Range<Int>] = []
        for (index, op) in ops.enumerated() {
            oldBefore[index + 1] = oldBefore[index] + (op == .insert ? 0 : 1)
            newBefore[index + 1] = newBefore[index] + (op == .delete ? 0 : 1)
            guard op != .equal else { continue }
            if let last = changes.last, last.upperBound == index {
                changes[changes.count - 1] = last.lowerBound..<(index + 1)
            } else {
                changes.append(index..<(index + 1))
            }
        }
        var groups: [Range<Int>] = []
        for change in changes {
            if let last = groups.last, change.lowerBound - last.upperBound <= 2 * context {
                groups[groups.count - 1] = last.lowerBound..<change.upperBound
            } else {
                groups.append(change)
            }
        }
        var sections = SectionFinder(old)
        return groups.map { group in
            let start = max(0, group.lowerBound - context)
            let end = min(ops.count, group.upperBound + context)
            var lines: [DiffLine] = []
            lines.reserveCapacity(end - start)
            for index in start..<end {
                let oldIndex = oldBefore[index]
                let newIndex = newBefore[index]
                let oldLast = oldIndex == old.count - 1 && !old.terminated
                let newLast = newIndex == new.count - 1 && !new.terminated
                switch ops[index] {
                case .equal:
                    lines.append(DiffLine(kind: .context, text: old.text(oldIndex), oldLine: oldIndex + 1,
                                          newLine: newIndex + 1, noNewlineAtEnd: oldLast || newLast))
                case .delete:
                    lines.append(DiffLine(kind: .removed, text: old.text(oldIndex), oldLine: oldIndex + 1,
                                          newLine: nil, noNewlineAtEnd: oldLast))
                case .insert:
                    lines.append(DiffLine(kind: .added, text: new.text(newIndex), oldLine: nil,
                                          newLine: newIndex + 1, noNewlineAtEnd: newLast))
                }
            }
            let oldCount = oldBefore[end] - oldBefore[start]
            let newCount = newBefore[end] - newBefore[start]
            return Hunk(oldStart: oldCount > 0 ? oldBefore[start] + 1 : oldBefore[start], oldCount: oldCount,
                        newStart: newCount > 0 ? newBefore[start] + 1 : newBefore[start], newCount: newCount,
                        section: sections.section(before: oldBefore[start]), lines: lines)
        }
    }

    /// Git's default hunk heading: the last old line before the hunk that starts with an ASCII
    /// letter, `_` or `$`, cut to 80 bytes and stripped of trailing white space. Hunks come in
    /// order, so each old line is looked at once.
    struct SectionFinder {
        let file: SplitFile
        private var searchedBelow = 0
        private var current = ""

        init(_ file: SplitFile) { self.file = file }

        mutating func section(before oldIndex: Int) -> String {
            var index = oldIndex - 1
            while index >= searchedBelow {
                if let heading = heading(index) {
                    current = heading
                    break
                }
                index -= 1
            }
            searchedBelow = max(searchedBelow, oldIndex)
            return current
        }

        private func heading(_ index: Int) -> String? {
            let range = file.ranges[index]
            guard let first = file.bytes[range].first else { return nil }
            let isLetter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
            guard isLetter || first == UInt8(ascii: "_") || first == UInt8(ascii: "$") else { return nil }
            var line = Array(file.bytes[range])
            if index < file.count - 1 || file.terminated { line.append(0x0A) }
            line = Array(line.prefix(80))
            while let last = line.last, last == 0x20 || (0x09...0x0D).contains(last) { line.removeLast() }
            return String(decoding: line, as: UTF8.self)
        }
    }
}
