// DiffFuzzTests: damaged and random input never crashes the parser, and what it returns stays consistent.

import LoomCore
import LoomTestSupport
import Testing

@Suite struct DiffFuzzTests {
    /// Numbers inside every hunk follow from its header, and counts match its lines.
    static func checkConsistent(_ diff: Diff) {
        for file in diff.files {
            for hunk in file.hunks {
                var old = hunk.oldCount == 0 ? hunk.oldStart + 1 : hunk.oldStart
                var new = hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart
                for line in hunk.lines {
                    #expect(line.oldLine == (line.kind == .added ? nil : old))
                    #expect(line.newLine == (line.kind == .removed ? nil : new))
                    if line.kind != .added { old += 1 }
                    if line.kind != .removed { new += 1 }
                }
                #expect(hunk.lines.filter { $0.kind != .added }.count == hunk.oldCount)
                #expect(hunk.lines.filter { $0.kind != .removed }.count == hunk.newCount)
            }
        }
    }

    @Test func mutatedFixtureLines() throws {
        let text = String(decoding: try Fixtures.bytes("api/github/pulls.327.diff"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var random = SplitMix64(seed: 9)
        for _ in 0..<60 {
            var mutated = lines
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                let index = Int.random(in: 0..<mutated.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: mutated.remove(at: index)
                case 1: mutated.insert(mutated[index], at: index)
                case 2: mutated[index] = String(mutated[index].shuffled(using: &random))
                default: mutated[index] = String(mutated[index].prefix(Int.random(in: 0...5, using: &random)))
                }
            }
            let result = UnifiedDiffParser.parse(mutated.joined(separator: "\n"))
            Self.checkConsistent(result.diff)
            #expect(UnifiedDiffParser.parse(UnifiedDiffWriter.write(result.diff)).diff == result.diff)
        }
    }

    @Test func randomBytes() {
        var random = SplitMix64(seed: 77)
        let alphabet = Array("@@ -+,0123456789 \n\\\"abdiffgt/".utf8) + [0x00, 0xFF, 0xC3, 0x0D]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let result = UnifiedDiffParser.parse(bytes: bytes)
            Self.checkConsistent(result.diff)
        }
    }
}
