// DiffParserMalformedTests: how truncated, unreadable, stray and garbage input is kept or reported, never fatal.

import LoomCore
import Testing

@Suite struct DiffParserMalformedTests {
    @Test func truncatedHunkIsKeptAndReported() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/t b/t
            --- a/t
            +++ b/t
            @@ -1,5 +1,6 @@
             a
            +b
            diff --git a/u b/u
            --- a/u
            +++ b/u
            @@ -1 +1 @@
            -x
            +y

            """)
        #expect(result.issues == [UnifiedDiffParser.Issue(line: 4, message:
            "hunk `@@ -1,5 +1,6 @@` is truncated: 1 of 5 old and 2 of 6 new lines present; kept what was there")])
        #expect(result.diff.files.count == 2)
        #expect(result.diff.files[0].hunks == [Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 2, lines: [
            DiffLine(kind: .context, text: "a", oldLine: 1, newLine: 1),
            DiffLine(kind: .added, text: "b", oldLine: nil, newLine: 2),
        ])])
    }

    @Test func unreadableHeaderSkipsItsBodyAndExtraLinesAreReported() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/t b/t
            --- a/t
            +++ b/t
            @@ -1,x +1 @@
            -a
            +b
            @@ -10 +10 @@
            -c
            +d
            +extra
            +extra2
            @@@ -1,2 -1,2 +1,3 @@@
            ++x

            """)
        #expect(result.issues == [
            UnifiedDiffParser.Issue(line: 4, message: "unreadable hunk header `@@ -1,x +1 @@` ignored with its body"),
            UnifiedDiffParser.Issue(line: 10, message: "2 lines outside any hunk ignored"),
            UnifiedDiffParser.Issue(line: 12, message: "combined (merge) hunk ignored with its body"),
        ])
        #expect(result.diff.files[0].hunks.map(\.oldStart) == [10])
    }

    @Test func garbageAndEmptyInputGiveEmptyDiffs() {
        #expect(UnifiedDiffParser.parse("") == UnifiedDiffParser.Result(diff: Diff(files: []), issues: []))
        #expect(UnifiedDiffParser.parse("hello\nworld\n").diff.files.isEmpty)
        let orphan = UnifiedDiffParser.parse("@@ -1 +1 @@\n-a\n+b\n+++ b/x\n--- a/y\n")
        #expect(orphan.diff.files.isEmpty)
        #expect(orphan.issues.map(\.line) == [1, 5])
    }

    @Test func lastLineWithoutNewlineIsRead() {
        let result = UnifiedDiffParser.parse("--- a/t\n+++ b/t\n@@ -1 +1 @@\n-a\n+b")
        #expect(result.issues.isEmpty)
        #expect(result.diff.files[0].hunks[0].lines.last?.text == "b")
    }

    @Test func crlfContentKeepsCarriageReturn() {
        let result = UnifiedDiffParser.parse("diff --git a/w.txt b/w.txt\r\n--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n")
        #expect(result.issues.isEmpty)
        #expect(result.diff.files[0].path == "w.txt")
        #expect(result.diff.files[0].hunks[0].lines.map(\.text) == ["a\r", "b\r"])
    }
}
