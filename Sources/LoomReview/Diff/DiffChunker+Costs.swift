// DiffChunker+Costs: per-piece token costs of a file's rendering, and cutting one hunk between lines.

internal import LoomCore

extension DiffChunker {
    /// Estimated tokens of each piece of a file's `{{diff}}` rendering.
    struct FileCosts {
        /// The file header, estimated with a `part n of n` label so parts never cost more.
        var header: Int
        var hunkHeaders: [Int]
        /// Per hunk, per line.
        var lines: [[Int]]
        /// Per hunk: its header plus its lines.
        var hunks: [Int]

        init(_ file: FileDiff, estimate: (String) -> Int) {
            let width = PromptDiffRenderer.numberWidth(file)
            let parts = max(2, file.hunks.reduce(0) { $0 + $1.lines.count })
            header = estimate(PromptDiffRenderer.fileHeader(file, part: (parts, parts)))
            hunkHeaders = file.hunks.map { estimate(PromptDiffRenderer.hunkHeader(HunkSplitter.widestHeader(of: $0))) }
            lines = file.hunks.map { hunk in
                hunk.lines.map { estimate(PromptDiffRenderer.annotatedLine($0, width: width)) }
            }
            hunks = zip(hunkHeaders, lines).map { $0 + $1.reduce(0, +) }
        }

        var total: Int { header + hunks.reduce(0, +) }
    }
}

/// Cuts one hunk into consecutive pieces that each fit `room` tokens, keeping real line numbers.
struct HunkSplitter {
    /// A piece of the hunk and its estimated cost (header included).
    struct Piece {
        var hunk: Hunk
        var cost: Int
    }

    let hunk: Hunk
    let lineCosts: [Int]
    /// Estimate of the widest header any piece of this hunk can have.
    let headerCost: Int
    let room: Int

    /// The pieces, and the length of each run of lines too long to fit even alone.
    func split() -> (pieces: [Piece], skippedRuns: [Int]) {
        var pieces: [Piece] = []
        var skippedRuns: [Int] = []
        var start = 0
        var cost = headerCost
        var index = 0
        var skipping = 0
        func flush(upTo end: Int) {
            if end > start { pieces.append(Piece(hunk: piece(start..<end), cost: cost)) }
            cost = headerCost
        }
        while index < hunk.lines.count {
            let lineCost = lineCosts[index]
            if headerCost + lineCost > room {
                flush(upTo: index)
                skipping += 1
                index += 1
                start = index
                continue
            }
            if skipping > 0 {
                skippedRuns.append(skipping)
                skipping = 0
            }
            if cost + lineCost > room {
                flush(upTo: index)
                start = index
            }
            cost += lineCost
            index += 1
        }
        flush(upTo: index)
        if skipping > 0 { skippedRuns.append(skipping) }
        return (pieces, skippedRuns)
    }

    /// The lines `range` of the hunk as a hunk of their own, numbered as in the file.
    func piece(_ range: Range<Int>) -> Hunk {
        let lines = Array(hunk.lines[range])
        let oldBefore = hunk.lines[..<range.lowerBound].filter { $0.kind != .added }.count
        let newBefore = hunk.lines[..<range.lowerBound].filter { $0.kind != .removed }.count
        let oldCount = lines.filter { $0.kind != .added }.count
        let newCount = lines.filter { $0.kind != .removed }.count
        // The line before the hunk's first line: where a side with no lines "starts", as in git.
        let oldBase = hunk.oldCount == 0 ? hunk.oldStart : hunk.oldStart - 1
        let newBase = hunk.newCount == 0 ? hunk.newStart : hunk.newStart - 1
        return Hunk(oldStart: oldBase + oldBefore + (oldCount > 0 ? 1 : 0), oldCount: oldCount,
                    newStart: newBase + newBefore + (newCount > 0 ? 1 : 0), newCount: newCount,
                    section: hunk.section, lines: lines)
    }

    /// A header with the largest numbers a piece of `hunk` can show, for a safe estimate.
    static func widestHeader(of hunk: Hunk) -> Hunk {
        Hunk(oldStart: hunk.oldStart + hunk.oldCount, oldCount: hunk.oldCount,
             newStart: hunk.newStart + hunk.newCount, newCount: hunk.newCount, section: hunk.section, lines: [])
    }
}
