// ChunkerTests: packing files into token budgets, cutting big files by hunk and big hunks by line, nothing lost.

import LoomCore
import LoomLLM
import LoomReview
import Testing

@Suite struct ChunkerTests {
    /// A modified file with `hunks` hunks of `lines` added lines each, 100 lines apart.
    static func file(_ path: String, hunks: Int, lines: Int, width: Int = 20) -> FileDiff {
        let built = (0..<hunks).map { index -> Hunk in
            let start = 1 + index * (lines + 100)
            return Hunk(oldStart: start, oldCount: 0, newStart: start, newCount: lines, lines: (0..<lines).map {
                DiffLine(kind: .added, text: String(repeating: "x", count: width) + " \(index)-\($0)", oldLine: nil,
                         newLine: start + $0)
            })
        }
        return FileDiff(oldPath: path, newPath: path, status: .modified, hunks: built)
    }

    /// Every chunk fits, and the chunks hold each input line exactly once, in order, with its numbers.
    static func checkPlan(_ plan: ChunkPlan, files: [FileDiff], budget: Int, skippedLines: Int = 0) {
        for chunk in plan.chunks {
            #expect(TokenEstimator.estimate(chunk.annotated) <= budget)
            #expect(chunk.estimatedTokens <= budget)
        }
        var seen: [String: [DiffLine]] = [:]
        for part in plan.chunks.flatMap(\.parts) {
            seen[part.file.path, default: []] += part.file.hunks.flatMap(\.lines)
            for hunk in part.file.hunks {
                #expect(hunk.lines.filter { $0.kind != .removed }.count == hunk.newCount)
                #expect(hunk.lines.first { $0.kind != .removed }.map { $0.newLine == hunk.newStart } ?? true)
            }
        }
        var missing = 0
        for file in files where !file.isBinary {
            let all = file.hunks.flatMap(\.lines)
            let got = seen[file.path] ?? []
            missing += all.count - got.count
            // A subsequence of the file's lines, in order.
            var cursor = all.startIndex
            for line in got {
                guard let found = all[cursor...].firstIndex(of: line) else {
                    Issue.record("\(file.path): line out of order or unknown")
                    break
                }
                cursor = found + 1
            }
        }
        #expect(missing == skippedLines)
    }

    @Test func smallFilesShareOneChunk() {
        let files = [Self.file("a", hunks: 2, lines: 3), Self.file("b", hunks: 1, lines: 2)]
        let plan = DiffChunker(budget: 10_000).plan(files)
        #expect(plan.chunks.count == 1)
        #expect(plan.chunks[0].parts == files.map { DiffChunk.Part(file: $0) })
        #expect(plan.skipped.isEmpty)
        #expect(plan.chunks[0].annotated == PromptDiffRenderer.annotated(files))
    }

    @Test func wholeFilesArePackedInOrder() {
        let files = (0..<6).map { Self.file("f\($0)", hunks: 1, lines: 10) }
        let one = DiffChunker(budget: 100_000).plan([files[0]]).chunks[0].estimatedTokens
        let plan = DiffChunker(budget: one * 2 + one / 2).plan(files)
        #expect(plan.chunks.map { $0.parts.map(\.file.path) } == [["f0", "f1"], ["f2", "f3"], ["f4", "f5"]])
        #expect(plan.chunks.flatMap(\.parts).allSatisfy { $0.count == 1 })
        Self.checkPlan(plan, files: files, budget: one * 2 + one / 2)
    }

    @Test func bigFileIsCutBetweenHunks() {
        let big = Self.file("big", hunks: 6, lines: 10)
        let small = Self.file("small", hunks: 1, lines: 2)
        let hunkCost = DiffChunker(budget: 100_000).plan([Self.file("big", hunks: 1, lines: 10)]).chunks[0].estimatedTokens
        let budget = hunkCost * 2 + 10
        let plan = DiffChunker(budget: budget).plan([small, big])
        let parts = plan.chunks.flatMap(\.parts).filter { $0.file.path == "big" }
        #expect(parts.count == 3)
        #expect(parts.map(\.index) == [1, 2, 3] && parts.allSatisfy { $0.count == 3 })
        #expect(parts.map { $0.file.hunks.count } == [2, 2, 2])
        #expect(plan.chunks[0].annotated.hasPrefix(PromptDiffRenderer.annotated(small)))
        #expect(plan.chunks.contains { $0.annotated.contains("## File: big (modified, +20 -0, part 2 of 3)") })
        Self.checkPlan(plan, files: [small, big], budget: budget)
    }

    @Test func hugeHunkIsCutBetweenLinesKeepingNumbers() throws {
        var file = Self.file("huge", hunks: 1, lines: 0)
        file.hunks = [Hunk(oldStart: 40, oldCount: 300, newStart: 50, newCount: 300, section: "func f()", lines:
            (0..<300).flatMap { index in [
                DiffLine(kind: .removed, text: "old line \(index)", oldLine: 40 + index, newLine: nil),
                DiffLine(kind: .added, text: "new line \(index)", oldLine: nil, newLine: 50 + index),
            ] }.sorted { ($0.oldLine ?? $0.newLine! - 10) < ($1.oldLine ?? $1.newLine! - 10) })]
        let budget = 400
        let plan = DiffChunker(budget: budget).plan([file])
        #expect(plan.skipped.isEmpty)
        #expect(plan.chunks.count > 5)
        Self.checkPlan(plan, files: [file], budget: budget)
        let second = try #require(plan.chunks.dropFirst().first?.parts.first?.file.hunks.first)
        let firstLine = try #require(second.lines.first)
        #expect(second.oldStart == firstLine.oldLine ?? second.oldStart)
        #expect(second.section == "func f()")
        #expect(UnifiedDiffParser.parse(UnifiedDiffWriter.write(plan.chunks.flatMap(\.files))).issues.isEmpty)
    }

    @Test func binaryAndUnfittableContentIsListedNotDropped() {
        let binary = FileDiff(oldPath: "a.png", newPath: "a.png", status: .modified, isBinary: true)
        var long = Self.file("long", hunks: 1, lines: 3)
        long.hunks[0].lines[1].text = String(repeating: "word ", count: 400)
        let plan = DiffChunker(budget: 200).plan([binary, long])
        #expect(plan.skipped == [
            SkippedFile(path: "a.png", reason: "binary file, not reviewed"),
            SkippedFile(path: "long", reason: "1 line of hunk `@@ -1,0 +1,3 @@` too long for the model's context window"),
        ])
        // The two pieces around the skipped line share the chunk, so they form one part.
        #expect(plan.chunks.map { $0.parts.map(\.index) } == [[1]])
        #expect(plan.chunks[0].parts[0].file.hunks.map(\.newStart) == [1, 3])
        Self.checkPlan(plan, files: [binary, long], budget: 200, skippedLines: 1)

        let none = DiffChunker(contextWindow: 1000, maxTokens: 900, promptOverhead: 200).plan([long])
        #expect(none.chunks.isEmpty)
        #expect(none.skipped == [SkippedFile(path: "long", reason: "does not fit in the model's context window")])
    }

    @Test func twentyThousandLineDiff() {
        var files = (0..<30).map { Self.file("src/module\($0).swift", hunks: 10, lines: 50, width: 40) }
        files.append(Self.file("generated/huge.sql", hunks: 1, lines: 5_000, width: 60))
        files.append(FileDiff(oldPath: "assets/logo.png", newPath: "assets/logo.png", status: .modified, isBinary: true))
        #expect(files.reduce(0) { $0 + $1.additions } == 20_000)
        // The same diff as text, through the parser and back.
        let text = UnifiedDiffWriter.write(files)
        #expect(UnifiedDiffParser.parse(text) == UnifiedDiffParser.Result(diff: Diff(files: files), issues: []))
        let budget = 32_000 - 4_000 - 1_500
        let plan = DiffChunker(budget: budget).plan(files)
        #expect(plan.skipped == [SkippedFile(path: "assets/logo.png", reason: "binary file, not reviewed")])
        #expect(plan.chunks.count >= 3)
        let hugeParts = plan.chunks.flatMap(\.parts).filter { $0.file.path == "generated/huge.sql" }
        #expect(hugeParts.count >= 2 && hugeParts.allSatisfy { $0.count == hugeParts.count })
        Self.checkPlan(plan, files: files, budget: budget)
    }
}
