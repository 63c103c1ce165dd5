// MyersDiffTests: MyersDiff against `git diff --no-index` on seeded random edits, plus edge cases.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite struct MyersDiffTests {
    /// Runs git on two temporary files and returns its output from the first `@@` line on.
    static func git(_ old: [UInt8], _ new: [UInt8], _ options: [String] = []) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("myers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(old).write(to: directory.appendingPathComponent("old"))
        try Data(new).write(to: directory.appendingPathComponent("new"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["diff", "--no-index", "--no-color", "--no-ext-diff", "--diff-algorithm=myers",
                             "--no-indent-heuristic", "-U3"] + options + ["old", "new"]
        process.currentDirectoryURL = directory
        process.environment = ["HOME": directory.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
                               "PATH": "/usr/bin:/bin"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        if options.contains("--numstat") { return text }
        guard let start = text.firstRange(of: "\n@@ ") else { return "" }
        return String(text[text.index(after: start.lowerBound)...])
    }

    static func render(_ hunks: [Hunk]) -> String {
        var out = ""
        for hunk in hunks { UnifiedDiffWriter.write(hunk, into: &out) }
        return out
    }

    /// Applies hunks to `old` (as lines) and returns the new text.
    static func apply(_ hunks: [Hunk], to old: [UInt8]) -> [UInt8] {
        var lines = old.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        let oldEndsWithNewline = old.last == 0x0A || old.isEmpty
        if oldEndsWithNewline { lines.removeLast() }
        var result: [[UInt8]] = []
        var next = 0
        var endsWithNewline = oldEndsWithNewline
        for hunk in hunks {
            let first = hunk.lines.compactMap(\.oldLine).first.map { $0 - 1 } ?? hunk.oldStart
            result += lines[next..<first]
            next = first
            for line in hunk.lines {
                if line.kind != .added { next += 1 }
                if line.kind != .removed {
                    result.append(Array(line.text.utf8))
                    if line.newLine != nil { endsWithNewline = !line.noNewlineAtEnd }
                }
            }
        }
        if next < lines.count {
            result += lines[next...]
            endsWithNewline = oldEndsWithNewline
        }
        var bytes = Array(result.joined(separator: [0x0A]))
        if endsWithNewline && !result.isEmpty { bytes.append(0x0A) }
        return bytes
    }

    /// A file of unique lines, some indented (not section headings) and some starting with a letter.
    static func uniqueFile(_ count: Int, tag: String, random: inout SplitMix64) -> [String] {
        (0..<count).map { index in
            let indent = Bool.random(using: &random) ? "    " : ""
            return "\(indent)\(tag)\(index) value \(Int.random(in: 0..<1000, using: &random))"
        }
    }

    static func edit(_ lines: [String], random: inout SplitMix64, fresh: inout Int) -> [String] {
        var result = lines
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let at = Int.random(in: 0...result.count, using: &random)
            let length = Int.random(in: 1...4, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: result.removeSubrange(at..<min(result.count, at + length))
            case 1:
                result.insert(contentsOf: (0..<length).map { _ in fresh += 1; return "new\(fresh) inserted" }, at: at)
            default:
                result.replaceSubrange(at..<min(result.count, at + length),
                                       with: (0..<length).map { _ in fresh += 1; return "  repl\(fresh)" })
            }
        }
        return result
    }

    static func bytes(_ lines: [String], newline: Bool) -> [UInt8] {
        var text = lines.joined(separator: "\n")
        if newline && !lines.isEmpty { text += "\n" }
        return Array(text.utf8)
    }

    @Test func matchesGitExactlyOnUniqueLines() throws {
        var random = SplitMix64(seed: 2024)
        var fresh = 0
        var compared = 0
        for round in 0..<40 {
            let old = Self.uniqueFile(Int.random(in: 0...80, using: &random), tag: "l", random: &random)
            let new = Self.edit(old, random: &random, fresh: &fresh)
            let oldBytes = Self.bytes(old, newline: round % 5 != 1)
            let newBytes = Self.bytes(new, newline: round % 7 != 2)
            let hunks = MyersDiff.hunks(old: oldBytes, new: newBytes)
            let expected = try Self.git(oldBytes, newBytes)
            #expect(Self.render(hunks) == expected, "round \(round)")
            #expect(Self.apply(hunks, to: oldBytes) == newBytes, "round \(round)")
            if expected.contains("\n@@ ") { compared += 1 }
        }
        // Most rounds give several hunks, so the comparison is not vacuous.
        #expect(compared >= 20)
    }

    @Test func minimalAndCorrectWithRepeatedLines() throws {
        var random = SplitMix64(seed: 7)
        let alphabet = ["}", "", "    return x", "{", "    x += 1", "a = b"]
        for round in 0..<25 {
            let old = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            var new = old
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let at = Int.random(in: 0...new.count, using: &random)
                if Bool.random(using: &random), at < new.count { new.remove(at: at) } else {
                    new.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            let oldBytes = Self.bytes(old, newline: true)
            let newBytes = Self.bytes(new, newline: round % 3 != 0)
            let hunks = MyersDiff.hunks(old: oldBytes, new: newBytes)
            #expect(Self.apply(hunks, to: oldBytes) == newBytes, "round \(round)")
            let numstat = try Self.git(oldBytes, newBytes, ["--minimal", "--numstat"])
            let counts = numstat.split(separator: "\t").prefix(2).compactMap { Int($0) }
            let ours = hunks.flatMap(\.lines).filter { $0.kind != .context }.count
            #expect(ours == counts.reduce(0, +), "round \(round)")
        }
    }

    @Test func edgeCases() throws {
        let cases: [(String, String)] = [
            ("", ""), ("", "a\nb\n"), ("a\nb\n", ""), ("same\n", "same\n"), ("a\nb", "a\nb\n"), ("a\nb\n", "a\nb"),
            ("x", "y"), ("only\n", "only"), ("a\r\nb\r\n", "a\r\nc\r\n"),
        ]
        for (old, new) in cases {
            let hunks = MyersDiff.hunks(old: old, new: new)
            #expect(Self.render(hunks) == (try Self.git(Array(old.utf8), Array(new.utf8))), "\(old.debugDescription) → \(new.debugDescription)")
            #expect(Self.apply(hunks, to: Array(old.utf8)) == Array(new.utf8))
        }
        let added = MyersDiff.hunks(old: "", new: "a\nb\n")
        #expect(added == [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 2, lines: [
            DiffLine(kind: .added, text: "a", oldLine: nil, newLine: 1),
            DiffLine(kind: .added, text: "b", oldLine: nil, newLine: 2),
        ])])
        let eof = MyersDiff.hunks(old: "a\nb", new: "a\nb\n")
        #expect(eof[0].lines == [
            DiffLine(kind: .context, text: "a", oldLine: 1, newLine: 1),
            DiffLine(kind: .removed, text: "b", oldLine: 2, newLine: nil, noNewlineAtEnd: true),
            DiffLine(kind: .added, text: "b", oldLine: nil, newLine: 2),
        ])
    }

    @Test func sectionHeadingsFollowGit() throws {
        var lines = (1...30).map { "    body \($0)" }
        lines[4] = "func first() {"
        lines[19] = "struct Second {  "
        var changed = lines
        changed[12] = "    changed"
        changed[27] = "    changed too"
        let hunks = MyersDiff.hunks(old: Self.bytes(lines, newline: true), new: Self.bytes(changed, newline: true))
        #expect(hunks.map(\.section) == ["func first() {", "struct Second {"])
        #expect(Self.render(hunks) == (try Self.git(Self.bytes(lines, newline: true), Self.bytes(changed, newline: true))))
    }

    @Test func capFallsBackToReplacingTheChangedMiddle() {
        let old = (0..<50).map { "old \($0)" } + ["tail"]
        let new = ["head"] + (0..<50).map { "new \($0)" } + ["tail"]
        let capped = MyersDiff.hunks(old: Self.bytes(old, newline: true), new: Self.bytes(new, newline: true), maxEditDistance: 10)
        #expect(capped.count == 1)
        #expect(capped[0].lines.filter { $0.kind == .removed }.count == 50)
        #expect(capped[0].lines.filter { $0.kind == .added }.count == 51)
        #expect(Self.apply(capped, to: Self.bytes(old, newline: true)) == Self.bytes(new, newline: true))
    }

    @Test func fileDiffStatusAndBinary() {
        #expect(MyersDiff.fileDiff(oldPath: nil, newPath: "n", old: nil, new: Array("x\n".utf8)).status == .added)
        let deleted = MyersDiff.fileDiff(oldPath: "d", newPath: nil, old: Array("x\n".utf8), new: nil)
        #expect(deleted.status == .deleted && deleted.oldPath == "d" && deleted.newPath == nil && deleted.deletions == 1)
        #expect(MyersDiff.fileDiff(oldPath: "a", newPath: "b", old: [], new: []).status == .renamed)
        let binary = MyersDiff.fileDiff(oldPath: "p", newPath: "p", old: [0x89, 0x00], new: [0x89, 0x01])
        #expect(binary.isBinary && binary.hunks.isEmpty && binary.status == .modified)
    }

    @Test func largeFile() {
        var random = SplitMix64(seed: 1)
        var fresh = 0
        let old = Self.uniqueFile(20_000, tag: "big", random: &random)
        var new = old
        for _ in 0..<30 { new = Self.edit(new, random: &random, fresh: &fresh) }
        let hunks = MyersDiff.hunks(old: Self.bytes(old, newline: true), new: Self.bytes(new, newline: true))
        #expect(Self.apply(hunks, to: Self.bytes(old, newline: true)) == Self.bytes(new, newline: true))
    }
}
