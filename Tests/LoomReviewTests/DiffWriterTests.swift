// DiffWriterTests: `UnifiedDiffWriter` output, and parse(write(diff)) == diff for every kind of file.

import LoomCore
import Testing

@Suite struct DiffWriterTests {
    static let sample = Diff(files: [
        FileDiff(oldPath: "src/a b.swift", newPath: "src/a b.swift", status: .modified, hunks: [
            Hunk(oldStart: 3, oldCount: 2, newStart: 3, newCount: 2, section: "func run()", lines: [
                DiffLine(kind: .context, text: "let a = 1", oldLine: 3, newLine: 3),
                DiffLine(kind: .removed, text: "old()", oldLine: 4, newLine: nil, noNewlineAtEnd: true),
                DiffLine(kind: .added, text: "new()", oldLine: nil, newLine: 4, noNewlineAtEnd: true),
            ]),
        ]),
        FileDiff(oldPath: "é.txt", newPath: "dir/é.txt", status: .renamed, hunks: [
            Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 1, lines: [
                DiffLine(kind: .removed, text: "x\r", oldLine: 1, newLine: nil),
                DiffLine(kind: .added, text: "y\r", oldLine: nil, newLine: 1),
            ]),
        ]),
        FileDiff(oldPath: nil, newPath: "empty.txt", status: .added),
        FileDiff(oldPath: "gone.bin", newPath: nil, status: .deleted, isBinary: true),
        FileDiff(oldPath: "x.c", newPath: "y.c", status: .copied),
        FileDiff(oldPath: nil, newPath: "n.txt", status: .added, hunks: [
            Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 1,
                 lines: [DiffLine(kind: .added, text: "", oldLine: nil, newLine: 1)]),
        ]),
    ])

    @Test func writesGitLayout() {
        #expect(UnifiedDiffWriter.write(Self.sample) == #"""
            diff --git a/src/a b.swift b/src/a b.swift
            --- a/src/a b.swift\#t
            +++ b/src/a b.swift\#t
            @@ -3,2 +3,2 @@ func run()
             let a = 1
            -old()
            \ No newline at end of file
            +new()
            \ No newline at end of file
            diff --git "a/\303\251.txt" "b/dir/\303\251.txt"
            rename from "\303\251.txt"
            rename to "dir/\303\251.txt"
            --- "a/\303\251.txt"
            +++ "b/dir/\303\251.txt"
            @@ -1 +1 @@
            -x\#r
            +y\#r
            diff --git a/empty.txt b/empty.txt
            new file mode 100644
            diff --git a/gone.bin b/gone.bin
            deleted file mode 100644
            Binary files a/gone.bin and /dev/null differ
            diff --git a/x.c b/y.c
            copy from x.c
            copy to y.c
            diff --git a/n.txt b/n.txt
            new file mode 100644
            --- /dev/null
            +++ b/n.txt
            @@ -0,0 +1 @@
            +

            """#)
    }

    @Test func parseOfWriteIsIdentity() {
        let result = UnifiedDiffParser.parse(UnifiedDiffWriter.write(Self.sample))
        #expect(result.issues.isEmpty)
        #expect(result.diff == Self.sample)
    }

    @Test func hunkHeaderLeavesOutCountsOfOne() {
        let hunk = Hunk(oldStart: 7, oldCount: 1, newStart: 7, newCount: 0, lines: [])
        #expect(UnifiedDiffWriter.hunkHeader(hunk) == "@@ -7 +7,0 @@")
    }
}
