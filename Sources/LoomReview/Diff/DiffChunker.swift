// DiffChunker: cuts a pipeline's files into chunks that each fit the model's token budget.

public import LoomCore
public import LoomLLM

/// Splits files into chunks whose `{{diff}}` rendering fits `budget` tokens.
///
/// Whole files are packed together, in order, while they fit; a file too big alone is cut
/// between hunks; a hunk too big alone is cut between lines (each piece keeps the real line
/// numbers). Binary files, and lines that do not fit even alone, are returned in `skipped`
/// with the reason — nothing is dropped silently.
///
/// Costs are estimated piece by piece (file header, hunk header, each line) and summed; for
/// `TokenEstimator` (the default), whose pieces all end in a line break and round up, the sum is
/// never below the estimate of the joined text. The budget covers one rendering of the diff: a
/// template using both `{{diff}}` and `{{raw_diff}}` should pass half of what is left.
public struct DiffChunker: Sendable {
    /// Tokens available for the diff text in one call.
    public var budget: Int
    /// Token estimate of a text; should err on the high side.
    public var estimate: @Sendable (String) -> Int

    /// A chunker with `budget` tokens per chunk.
    public init(budget: Int, estimate: @escaping @Sendable (String) -> Int = { TokenEstimator.estimate($0) }) {
        self.budget = budget
        self.estimate = estimate
    }

    /// The budget SPEC §6.4 gives: the context window less the answer's `max_tokens` and the
    /// rest of the prompt (`promptOverhead`, the prompt rendered with an empty diff).
    public init(contextWindow: Int, maxTokens: Int, promptOverhead: Int,
                estimate: @escaping @Sendable (String) -> Int = { TokenEstimator.estimate($0) }) {
        self.init(budget: contextWindow - maxTokens - promptOverhead, estimate: estimate)
    }

    /// Cuts `files` (the ones a pipeline selected) into chunks.
    public func plan(_ files: [FileDiff]) -> ChunkPlan {
        var units: [Unit] = []
        var skipped: [SkippedFile] = []
        for file in files {
            if file.isBinary {
                skipped.append(SkippedFile(path: file.path, reason: "binary file, not reviewed"))
                continue
            }
            let costs = FileCosts(file, estimate: estimate)
            if costs.total <= budget {
                units.append(Unit(file: file, cost: costs.total))
            } else if costs.header >= budget {
                skipped.append(SkippedFile(path: file.path, reason: "does not fit in the model's context window"))
            } else {
                units += split(file, costs: costs, skipped: &skipped)
            }
        }
        return ChunkPlan(chunks: pack(units), skipped: skipped)
    }

    /// A whole file or a part of one, ready to pack.
    struct Unit {
        var file: FileDiff
        var cost: Int
        var isPart = false
    }

    /// Cuts a file that does not fit alone between hunks, and oversized hunks between lines.
    private func split(_ file: FileDiff, costs: FileCosts, skipped: inout [SkippedFile]) -> [Unit] {
        var units: [Unit] = []
        var current: [Hunk] = []
        var currentCost = costs.header
        func flush() {
            guard !current.isEmpty else { return }
            units.append(Unit(file: file.with(hunks: current), cost: currentCost, isPart: true))
            current = []
            currentCost = costs.header
        }
        for (index, hunk) in file.hunks.enumerated() {
            let cost = costs.hunks[index]
            if costs.header + cost <= budget {
                if currentCost + cost > budget { flush() }
                current.append(hunk)
                currentCost += cost
                continue
            }
            flush()
            let pieces = HunkSplitter(hunk: hunk, lineCosts: costs.lines[index], headerCost: costs.hunkHeaders[index],
                                      room: budget - costs.header).split()
            for piece in pieces.pieces {
                units.append(Unit(file: file.with(hunks: [piece.hunk]), cost: costs.header + piece.cost, isPart: true))
            }
            for run in pieces.skippedRuns {
                let what = run == 1 ? "1 line" : "\(run) lines"
                skipped.append(SkippedFile(path: file.path, reason:
                    "\(what) of hunk `\(UnifiedDiffWriter.hunkHeader(hunk))` too long for the model's context window"))
            }
        }
        flush()
        return units
    }

    /// Packs units in order; consecutive parts of one file in the same chunk become one part.
    private func pack(_ units: [Unit]) -> [DiffChunk] {
        var groups: [[Unit]] = []
        var current: [Unit] = []
        var cost = 0
        for unit in units {
            if !current.isEmpty, cost + unit.cost > budget {
                groups.append(current)
                current = []
                cost = 0
            }
            if let last = current.last, last.isPart, unit.isPart, last.file.path == unit.file.path {
                current[current.count - 1].file.hunks += unit.file.hunks
                current[current.count - 1].cost += unit.cost
            } else {
                current.append(unit)
            }
            cost += unit.cost
        }
        if !current.isEmpty { groups.append(current) }
        var partCounts: [String: Int] = [:]
        for unit in groups.joined() where unit.isPart { partCounts[unit.file.path, default: 0] += 1 }
        var seen: [String: Int] = [:]
        return groups.map { group in
            let parts = group.map { unit -> DiffChunk.Part in
                guard unit.isPart else { return DiffChunk.Part(file: unit.file) }
                seen[unit.file.path, default: 0] += 1
                return DiffChunk.Part(file: unit.file, index: seen[unit.file.path]!, count: partCounts[unit.file.path]!)
            }
            return DiffChunk(parts: parts, estimatedTokens: group.reduce(0) { $0 + $1.cost })
        }
    }
}

extension FileDiff {
    /// The same file with other hunks (a part of it).
    func with(hunks: [Hunk]) -> FileDiff {
        var copy = self
        copy.hunks = hunks
        return copy
    }
}
