// AnchorTests: findings moved to the nearest commentable line within 3, or listed outside the diff.

import LoomCore
import LoomReview
import Testing

@Suite struct AnchorTests {
    /// Hunk 1 covers new lines 10–14, hunk 2 covers 21–23 (17–20 are between them).
    static let diff = UnifiedDiffParser.parse("""
        diff --git a/src/app.swift b/src/app.swift
        --- a/src/app.swift
        +++ b/src/app.swift
        @@ -10,4 +10,5 @@ func run()
         let a = 1
        -let b = 2
        +let b = 3
        +let c = 4
         let d = 5
         let e = 6
        @@ -20,3 +21,3 @@ func stop()
         close()
        -flush()
        +flush(all: true)
         done()
        diff --git a/old/name.swift b/new/name.swift
        similarity index 90%
        rename from old/name.swift
        rename to new/name.swift
        --- a/old/name.swift
        +++ b/new/name.swift
        @@ -1 +1 @@
        -x
        +y
        diff --git a/gone.swift b/gone.swift
        deleted file mode 100644
        --- a/gone.swift
        +++ /dev/null
        @@ -1 +0,0 @@
        -bye
        diff --git a/logo.png b/logo.png
        Binary files a/logo.png and b/logo.png differ

        """).diff

    static func finding(_ path: String, _ line: Int?, _ message: String = "m") -> Finding {
        Finding(pipeline: "p", path: path, line: line, severity: .warning, message: message)
    }

    let anchor = FindingAnchor(diff: AnchorTests.diff)

    @Test func commentableLinesStay() {
        for line in [10, 11, 12, 13, 14, 21, 22, 23] {
            #expect(anchor.anchor(Self.finding("src/app.swift", line)).placement == .inline(line: line))
        }
    }

    @Test func nearbyLinesMoveWithinThree() {
        let cases: [(Int, AnchoredFinding.Placement)] = [
            (9, .inline(line: 10)), (7, .inline(line: 10)), (6, .outsideDiff(reason: "line 6 is not part of the diff")),
            (15, .inline(line: 14)), (17, .inline(line: 14)),
            (18, .inline(line: 21)),  // 4 lines after 14, 3 before 21
            (20, .inline(line: 21)), (24, .inline(line: 23)), (26, .inline(line: 23)),
            (27, .outsideDiff(reason: "line 27 is not part of the diff")),
        ]
        for (cited, expected) in cases {
            let placed = anchor.anchor(Self.finding("src/app.swift", cited))
            #expect(placed.placement == expected, "cited \(cited)")
            #expect(placed.citedLine == cited)
            if case .inline(let line) = expected { #expect(placed.finding.line == line) }
        }
    }

    @Test func tiesPreferTheLineAfter() {
        // Line 3 is 2 lines from both hunks (new lines 1 and 5).
        let diff = UnifiedDiffParser.parse("--- a/t\n+++ b/t\n@@ -1 +1 @@\n-a\n+b\n@@ -5 +5 @@\n-c\n+d\n").diff
        let placed = FindingAnchor(diff: diff).anchor(Self.finding("t", 3))
        #expect(placed.placement == .inline(line: 5))
    }

    @Test func outsideTheDiffReasons() {
        #expect(anchor.anchor(Self.finding("nope.swift", 3)).placement == .outsideDiff(reason: "file not in the diff"))
        #expect(anchor.anchor(Self.finding("src/app.swift", nil)).placement == .outsideDiff(reason: "no line given"))
        #expect(anchor.anchor(Self.finding("logo.png", 1)).placement == .outsideDiff(reason: "binary file"))
        #expect(anchor.anchor(Self.finding("gone.swift", 1)).placement
                == .outsideDiff(reason: "line 1 is not part of the diff"))
    }

    @Test func pathVariantsResolve() {
        #expect(anchor.anchor(Self.finding("./src/app.swift", 11)).finding.path == "src/app.swift")
        #expect(anchor.anchor(Self.finding("b/src/app.swift", 11)).placement == .inline(line: 11))
        #expect(anchor.anchor(Self.finding("/src/app.swift", 11)).placement == .inline(line: 11))
        let renamed = anchor.anchor(Self.finding("old/name.swift", 1))
        #expect(renamed.finding.path == "new/name.swift" && renamed.placement == .inline(line: 1))
    }

    @Test func fingerprintUsesTheAnchorLineText() {
        let placed = anchor.anchor(Self.finding("src/app.swift", 9, "Magic  Number"))
        #expect(placed.finding.fingerprint == FindingFingerprint.compute(
            pipeline: "p", path: "src/app.swift", anchorText: "let a = 1", message: "magic number"))
        let outside = anchor.anchor(Self.finding("src/app.swift", nil, "Magic Number"))
        #expect(outside.finding.fingerprint == FindingFingerprint.compute(
            pipeline: "p", path: "src/app.swift", anchorText: nil, message: "Magic Number"))
    }
}
