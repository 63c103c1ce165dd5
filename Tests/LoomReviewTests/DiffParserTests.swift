// DiffParserTests: each construct of git's diff format, quoted paths and plain diffs.

import LoomCore
import Testing

@Suite struct DiffParserTests {
    @Test func pureRenameHasNoHunks() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/old name.txt b/new name.txt
            similarity index 100%
            rename from old name.txt
            rename to new name.txt

            """)
        #expect(result.issues.isEmpty)
        #expect(result.diff.files == [FileDiff(oldPath: "old name.txt", newPath: "new name.txt", status: .renamed)])
    }

    @Test func quotedPathsWithEscapesAndOctalBytes() throws {
        let result = UnifiedDiffParser.parse(#"""
            diff --git "a/sp ace\303\251.txt" "b/dir/sp ace\303\251 \"q\".txt"
            similarity index 90%
            rename from "sp ace\303\251.txt"
            rename to "dir/sp ace\303\251 \"q\".txt"
            index 1111111..2222222 100644
            --- "a/sp ace\303\251.txt"
            +++ "b/dir/sp ace\303\251 \"q\".txt"
            @@ -1,2 +1,2 @@
             a
            -b
            +c

            """#)
        #expect(result.issues.isEmpty)
        let file = try #require(result.diff.files.first)
        #expect(file.oldPath == "sp aceé.txt")
        #expect(file.newPath == "dir/sp aceé \"q\".txt")
        #expect(file.status == .renamed)
        #expect(file.hunks[0].lines.map(\.kind) == [.context, .removed, .added])
    }

    @Test func gitLineWithSpacesSplitsWhereBothNamesAgree() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/a b/c b/a b/c
            old mode 100644
            new mode 100755

            """)
        #expect(result.diff.files == [FileDiff(oldPath: "a b/c", newPath: "a b/c", status: .modified)])
    }

    @Test func tabEndsUnquotedNamesOnFileLines() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/x y.txt b/x y.txt
            --- a/x y.txt\t
            +++ b/x y.txt\t
            @@ -1 +1 @@
            -a
            +b

            """)
        #expect(result.diff.files.map(\.path) == ["x y.txt"])
    }

    @Test func copyAndModeChange() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/src.c b/dst.c
            similarity index 100%
            copy from src.c
            copy to dst.c
            diff --git a/run.sh b/run.sh
            old mode 100644
            new mode 100755

            """)
        #expect(result.diff.files == [
            FileDiff(oldPath: "src.c", newPath: "dst.c", status: .copied),
            FileDiff(oldPath: "run.sh", newPath: "run.sh", status: .modified),
        ])
    }

    @Test func binaryFilesAndBinaryPatchesAreMarkedAndSkipped() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/logo.png b/logo.png
            index 1111111..2222222 100644
            Binary files a/logo.png and b/logo.png differ
            diff --git a/new.png b/new.png
            new file mode 100644
            index 0000000..3333333
            Binary files /dev/null and b/new.png differ
            diff --git a/blob.bin b/blob.bin
            new file mode 100644
            index 0000000000000000000000000000000000000000..4444444444444444444444444444444444444444
            GIT binary patch
            literal 12
            ScmZp0Xmwa{z+fQ50000W01*KI

            literal 0
            HcmV?d00001

            diff --git a/after.txt b/after.txt
            --- a/after.txt
            +++ b/after.txt
            @@ -1 +1 @@
            -x
            +y

            """)
        #expect(result.issues.isEmpty)
        #expect(result.diff.files == [
            FileDiff(oldPath: "logo.png", newPath: "logo.png", status: .modified, isBinary: true),
            FileDiff(oldPath: nil, newPath: "new.png", status: .added, isBinary: true),
            FileDiff(oldPath: nil, newPath: "blob.bin", status: .added, isBinary: true),
            FileDiff(oldPath: "after.txt", newPath: "after.txt", status: .modified, hunks: [
                Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 1, lines: [
                    DiffLine(kind: .removed, text: "x", oldLine: 1, newLine: nil),
                    DiffLine(kind: .added, text: "y", oldLine: nil, newLine: 1),
                ]),
            ]),
        ])
    }

    @Test func plainDiffWithoutGitHeaders() {
        let result = UnifiedDiffParser.parse("""
            --- a/foo.c\t2024-01-01 00:00:00.000000000 +0000
            +++ b/foo.c\t2024-01-02 00:00:00.000000000 +0000
            @@ -1,3 +1,3 @@
             x
            -y
            +z
             w
            --- /dev/null
            +++ b/new.c
            @@ -0,0 +1 @@
            +hello
            --- gone.c
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye
            Binary files old/pic.gif and new/pic.gif differ

            """)
        #expect(result.issues.isEmpty)
        let files = result.diff.files
        #expect(files.map(\.path) == ["foo.c", "new.c", "gone.c", "new/pic.gif"])
        #expect(files.map(\.status) == [.modified, .added, .deleted, .modified])
        #expect(files[1].hunks == [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 1,
                                        lines: [DiffLine(kind: .added, text: "hello", oldLine: nil, newLine: 1)])])
        #expect(files[2].hunks[0].lines == [DiffLine(kind: .removed, text: "bye", oldLine: 1, newLine: nil)])
        #expect(files[3].isBinary && files[3].oldPath == "old/pic.gif")
    }

    @Test func dashedContentLinesInsideHunksAreContent() {
        let result = UnifiedDiffParser.parse("""
            diff --git a/q.sql b/q.sql
            --- a/q.sql
            +++ b/q.sql
            @@ -1,2 +1,2 @@
            --- old comment
            +++ new comment
             select 1;

            """)
        #expect(result.issues.isEmpty)
        #expect(result.diff.files.count == 1)
        #expect(result.diff.files[0].hunks[0].lines.map(\.text) == ["-- old comment", "++ new comment", "select 1;"])
    }

    @Test func emptyLineCountsAsContextAndCountsDefaultToOne() {
        let result = UnifiedDiffParser.parse("diff --git a/t b/t\n--- a/t\n+++ b/t\n@@ -3 +3,2 @@\n\n+x\n")
        #expect(result.issues.isEmpty)
        #expect(result.diff.files[0].hunks[0].lines == [
            DiffLine(kind: .context, text: "", oldLine: 3, newLine: 3),
            DiffLine(kind: .added, text: "x", oldLine: nil, newLine: 4),
        ])
    }

    @Test func mailPatchPreambleAndSignatureAreIgnored() {
        let result = UnifiedDiffParser.parse("""
            From 1234 Mon Sep 17 00:00:00 2001
            From: Dev <dev@example.com>
            Subject: [PATCH] Fix

            ---
             a.txt | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/a.txt b/a.txt
            --- a/a.txt
            +++ b/a.txt
            @@ -1 +1 @@
            -1
            +2
            --\u{20}
            2.39.2

            """)
        #expect(result.issues.isEmpty)
        #expect(result.diff.files.map(\.path) == ["a.txt"])
        #expect(result.diff.files[0].additions == 1 && result.diff.files[0].deletions == 1)
    }

    @Test func gitPathQuotingRoundTrips() {
        for path in ["plain/path.txt", "sp ace.txt", "é/ü.txt", "tab\there", "quote\"back\\slash", "new\nline"] {
            let quoted = GitPath.quoteIfNeeded(path)
            if quoted == path {
                #expect(!path.utf8.contains { $0 < 0x20 || $0 >= 0x80 || $0 == 34 || $0 == 92 })
            } else {
                #expect(GitPath.unquote(quoted[...])?.path == path)
                #expect(GitPath.unquote(quoted[...])?.rest == "")
            }
        }
        #expect(GitPath.quoteIfNeeded("é") == #""\303\251""#)
        #expect(GitPath.unquote(#""unterminated"#[...]) == nil)
    }
}
