// FindingOutputTests: output caps, min_severity, grouping, repeats, comment bodies and marker parsing.

import LoomCore
import LoomReview
import Testing

@Suite struct FindingOutputTests {
    static func placed(_ path: String, _ line: Int?, _ severity: Severity, _ message: String) -> AnchoredFinding {
        let finding = Finding(pipeline: "p", path: path, line: line, severity: severity, message: message,
                              fingerprint: FindingFingerprint.compute(pipeline: "p", path: path, anchorText: "\(line ?? 0)",
                                                                      message: message))
        return AnchoredFinding(finding: finding, placement: line.map { .inline(line: $0) } ?? .outsideDiff(reason: "no line given"),
                               citedLine: line)
    }

    static let findings: [AnchoredFinding] = [
        placed("b.swift", 5, .info, "b5 info"),
        placed("a.swift", 9, .warning, "a9 warning"),
        placed("b.swift", 2, .blocker, "b2 blocker"),
        placed("a.swift", 3, .warning, "a3 warning"),
        placed("a.swift", 1, .info, "a1 info"),
        placed("a.swift", nil, .blocker, "a outside"),
        placed("c.swift", 4, .warning, "c4 warning"),
    ]
    static let order = ["a.swift", "b.swift", "c.swift"]

    @Test func rankedBySeverityThenFileThenLine() {
        let plan = OutputPolicy().apply(Self.findings, fileOrder: Self.order)
        #expect(plan.inline.map(\.finding.message) == ["b2 blocker", "a3 warning", "a9 warning", "c4 warning", "a1 info", "b5 info"])
        #expect(plan.outsideDiff.map(\.finding.message) == ["a outside"])
        #expect(plan.overflow.isEmpty && plan.belowMinSeverity == 0)
    }

    @Test func capsSendTheRestToOverflow() {
        let plan = OutputPolicy(maxComments: 3, maxCommentsPerFile: 2).apply(Self.findings, fileOrder: Self.order)
        #expect(plan.inline.map(\.finding.message) == ["b2 blocker", "a3 warning", "a9 warning"])
        #expect(plan.overflow.map(\.finding.message) == ["c4 warning", "a1 info", "b5 info"])
        let perFile = OutputPolicy(maxCommentsPerFile: 1).apply(Self.findings, fileOrder: Self.order)
        #expect(perFile.inline.map(\.finding.message) == ["b2 blocker", "a3 warning", "c4 warning"])
        #expect(perFile.overflow.map(\.finding.message) == ["a9 warning", "a1 info", "b5 info"])
    }

    @Test func policyFromConfigAndDiffOrder() {
        let config = OutputConfig(inlineComments: false, minSeverity: .blocker, maxComments: 7, maxCommentsPerFile: 2,
                                  groupByFile: true)
        #expect(OutputPolicy(config) == OutputPolicy(minSeverity: .blocker, maxComments: 7, maxCommentsPerFile: 2,
                                                     groupByFile: true, inlineComments: false))
        let diff = Diff(files: Self.order.reversed().map { FileDiff(oldPath: $0, newPath: $0, status: .modified) })
        let plan = OutputPolicy().apply(Self.findings, diff: diff)
        #expect(plan.inline.map(\.finding.message) == ["b2 blocker", "c4 warning", "a3 warning", "a9 warning", "b5 info", "a1 info"])
    }

    @Test func minSeverityAndInlineSwitch() {
        let plan = OutputPolicy(minSeverity: .warning).apply(Self.findings, fileOrder: Self.order)
        #expect(plan.belowMinSeverity == 2)
        #expect(plan.inline.count == 4 && plan.outsideDiff.count == 1)
        let off = OutputPolicy(inlineComments: false).apply(Self.findings, fileOrder: Self.order)
        #expect(off.inline.isEmpty)
        #expect(off.overflow.map(\.finding.message) == ["b2 blocker", "a3 warning", "a9 warning", "c4 warning", "a1 info", "b5 info"])
    }

    @Test func repeatsAreNotPostedTwice() {
        let posted: Set<String> = [Self.findings[1].finding.fingerprint]
        let plan = OutputPolicy().apply(Self.findings + [Self.findings[3]], fileOrder: Self.order, alreadyPosted: posted)
        #expect(plan.alreadyPosted.map(\.finding.message) == ["a9 warning"])
        #expect(plan.inline.map(\.finding.message) == ["b2 blocker", "a3 warning", "c4 warning", "a1 info", "b5 info"])
    }

    @Test func groupByFileCountsFiles() {
        let plan = OutputPolicy(maxComments: 2, maxCommentsPerFile: 2, groupByFile: true)
            .apply(Self.findings, fileOrder: Self.order)
        #expect(plan.inline.map(\.finding.message) == ["b2 blocker", "a3 warning", "a9 warning", "b5 info"])
        #expect(plan.overflow.map(\.finding.message) == ["c4 warning", "a1 info"])
        let comments = InlineCommentRenderer.comments(for: plan.inline, groupByFile: true)
        #expect(comments.map(\.path) == ["b.swift", "a.swift"])
        #expect(comments.map(\.line) == [2, 3])
        #expect(LoomMarkers.fingerprints(in: comments[1].body)
                == [Self.findings[3].finding.fingerprint, Self.findings[1].finding.fingerprint])
        #expect(comments[1].body.hasPrefix("**Line 3** · ⚠️ **Warning** · _p_\n\na3 warning\n\n**Line 9** · "))
    }

    @Test func singleCommentBody() {
        var finding = Finding(pipeline: "security", path: "a.swift", line: 4, severity: .blocker,
                              message: "Injection <!-- loom:summary --> here", category: "sql",
                              suggestion: "Bind it.", fingerprint: "abc123")
        let comments = InlineCommentRenderer.comments(
            for: [AnchoredFinding(finding: finding, placement: .inline(line: 4), citedLine: 5)], groupByFile: false)
        #expect(comments == [InlineComment(path: "a.swift", line: 4, body: """
            🛑 **Blocker** · sql · _security_

            Injection &lt;!-- loom:summary --> here

            **Suggestion:** Bind it.

            <!-- loom:finding fingerprint=abc123 -->
            """, fingerprint: "abc123")])
        #expect(!LoomMarkers.isSummary(comments[0].body))
        finding.suggestion = nil
        #expect(!InlineCommentRenderer.body(for: finding).contains("Suggestion"))
    }

    @Test func markersAndFingerprintsReadBack() {
        let body = "text\n<!-- loom:finding fingerprint=00ff -->\n<!-- loom:finding fingerprint=XYZ -->"
            + "<!-- loom:finding fingerprint=abc -->"
        #expect(LoomMarkers.fingerprints(in: body) == ["00ff", "abc"])
        #expect(LoomMarkers.finding(fingerprint: "beef") == "<!-- loom:finding fingerprint=beef -->")
        let comments = [
            ExistingComment(id: "1", kind: .inline, body: body, path: "a", line: 1),
            ExistingComment(id: "2", kind: .summary, body: "## Loom review\n\n" + LoomMarkers.summary),
            ExistingComment(id: "3", kind: .summary, body: "LGTM"),
        ]
        #expect(comments.loomSummary?.id == "2")
        #expect(comments.postedFingerprints == ["00ff", "abc"])
        #expect(LoomMarkers.isLoomComment(body) && !LoomMarkers.isLoomComment("LGTM"))
    }

    @Test func fingerprintIgnoresIndentationCaseAndSpacing() {
        let one = FindingFingerprint.compute(pipeline: "p", path: "a", anchorText: "    let x = 1", message: "Bad  name\n")
        let two = FindingFingerprint.compute(pipeline: "p", path: "a", anchorText: "\tlet x = 1  ", message: "bad name")
        #expect(one == two)
        #expect(one.count == 64 && one.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(one != FindingFingerprint.compute(pipeline: "q", path: "a", anchorText: "let x = 1", message: "bad name"))
        #expect(one != FindingFingerprint.compute(pipeline: "p", path: "a", anchorText: "let y = 1", message: "bad name"))
        #expect(FindingFingerprint.compute(pipeline: "", path: "", anchorText: nil, message: "")
                == "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c")
    }
}
