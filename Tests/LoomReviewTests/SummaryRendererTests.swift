// SummaryRendererTests: the summary comment's sections, limits and marker, and the two notices.

import LoomCore
import LoomLLM
import LoomReview
import Testing

@Suite struct SummaryRendererTests {
    static func placed(_ path: String, _ line: Int?, _ severity: Severity, _ message: String,
                       outside reason: String? = nil) -> AnchoredFinding {
        let finding = Finding(pipeline: "general", path: path, line: line, severity: severity, message: message,
                              fingerprint: String(repeating: "a", count: 64))
        return AnchoredFinding(finding: finding, placement: reason.map { .outsideDiff(reason: $0) } ?? .inline(line: line ?? 1),
                               citedLine: line)
    }

    static func report() -> SummaryReport {
        var plan = OutputPlan()
        plan.inline = [placed("src/a.swift", 12, .blocker, "SQL built from input"),
                       placed("src/b.swift", 3, .warning, "Unused\nvariable | here")]
        plan.overflow = [placed("src/b.swift", 9, .info, "Prefer let")]
        plan.outsideDiff = [placed("src/c.swift", 80, .warning, "Leaks a handle", outside: "line 80 is not part of the diff")]
        plan.alreadyPosted = [placed("src/a.swift", 20, .info, "Old note")]
        plan.belowMinSeverity = 2
        return SummaryReport(
            headSHA: "0123456789abcdef0123", plan: plan,
            rejected: [.init(finding: plan.inline[1], reason: "line must be part of the diff")],
            totalFiles: 5, reviewedFiles: 3,
            skipped: [SkippedFile(path: "logo.png", reason: "binary file, not reviewed")], chunks: 2,
            pipelines: [
                .init(name: "general", model: "gpt-4o", status: .ok, findings: 6, usage: TokenUsage(input: 12_345, output: 678),
                      chunks: 1, droppedItems: 2),
                .init(name: "style", model: "claude-x", status: .failed("rate limited: slow | down"), chunks: 1,
                      unreadableReplies: 1),
            ],
            durationSeconds: 42.34,
            configChange: .init(paths: [".loom/config.yaml"], validationErrors: [".loom/config.yaml:4: models: required"]),
            maxComments: 50, maxCommentsPerFile: 10)
    }

    @Test func fullSummary() {
        #expect(SummaryRenderer().render(Self.report()) == """
            ## Loom review

            Reviewed commit `0123456789ab`.

            **5 findings**: 🛑 1 blocker · ⚠️ 2 warnings · ℹ️ 2 info

            _2 findings below `min_severity` not shown._

            ⚠️ Some pipelines failed, so this review is incomplete (see Pipelines below).

            ### Top findings

            - 🛑 `src/a.swift:12` — SQL built from input _(general)_
            - ⚠️ `src/b.swift:3` — Unused variable | here _(general)_
            - ℹ️ `src/b.swift:9` — Prefer let _(general)_

            ### Outside the diff

            These could not be placed on a changed line:

            - ⚠️ `src/c.swift:80` — Leaks a handle _(general)_ — line 80 is not part of the diff

            ### Not posted inline

            Over the comment limits (`max_comments`: 50, `max_comments_per_file`: 10) or with inline comments off:

            - ℹ️ `src/b.swift:9` — Prefer let _(general)_

            ### Comments the platform rejected

            - ⚠️ `src/b.swift:3` — Unused variable | here _(general)_ — line must be part of the diff

            _1 finding already commented on in an earlier review, not repeated._

            > **Note:** this pull request changes Loom's configuration (`.loom/config.yaml`). This review used the \
            configuration of the base branch; the new configuration applies after merge.
            >
            > The new configuration is invalid and would stop reviews after merge:
            >
            > - `.loom/config.yaml:4: models: required`

            ### Coverage

            Reviewed 3 of 5 files in 2 chunks.

            Not reviewed:

            - `logo.png` — binary file, not reviewed

            ### Pipelines

            | Pipeline | Model | Status | Findings | Tokens in / out |
            |---|---|---|---|---|
            | general | gpt-4o | ✅ ok | 6 | 12,345 / 678 |
            | style | claude-x | ❌ failed: rate limited: slow \\| down | 0 | 0 / 0 |

            - `general`: 2 invalid items in the model's replies ignored
            - `style`: 1 reply without readable findings JSON

            ---
            Models: `gpt-4o`, `claude-x` · Tokens: 12,345 in / 678 out · Duration: 42.3 s

            <!-- loom:summary -->

            """)
    }

    @Test func quietReviewAndLimits() {
        let empty = SummaryReport(plan: OutputPlan(), totalFiles: 1, reviewedFiles: 1, chunks: 1,
                                  pipelines: [.init(name: "general", model: "m", status: .ok)], durationSeconds: 0.04)
        let text = SummaryRenderer().render(empty)
        #expect(text.hasPrefix("## Loom review\n\n**No findings.**\n\n### Coverage\n\nReviewed 1 of 1 file in 1 chunk.\n"))
        #expect(text.hasSuffix("---\nModel: `m` · Tokens: 0 in / 0 out · Duration: 0.0 s\n\n<!-- loom:summary -->\n"))
        #expect(LoomMarkers.isSummary(text))

        var plan = OutputPlan()
        plan.overflow = (1...40).map { (number: Int) in Self.placed("f.swift", number, .info, "n\(number) <!-- loom:summary -->") }
        let long = SummaryRenderer(topLimit: 2, listLimit: 3).render(
            SummaryReport(plan: plan, totalFiles: 1, reviewedFiles: 1, chunks: 1, pipelines: [], durationSeconds: 75))
        #expect(long.contains("- ℹ️ `f.swift:3` — n3 &lt;!-- loom:summary --> _(general)_\n- … and 37 more"))
        #expect(long.components(separatedBy: LoomMarkers.summary).count == 2)
        #expect(long.contains("**40 findings**: 🛑 0 blockers · ⚠️ 0 warnings · ℹ️ 40 info"))
        #expect(!long.contains("### Pipelines"))
        #expect(long.contains("Model: — · Tokens: 0 in / 0 out · Duration: 1 min 15 s"))
    }

    @Test func markdownHelpers() {
        #expect(MarkdownText.number(0) == "0" && MarkdownText.number(999) == "999" && MarkdownText.number(1_234_567) == "1,234,567")
        #expect(MarkdownText.number(-1000) == "-1,000")
        #expect(MarkdownText.duration(59.96) == "1 min 0 s" && MarkdownText.duration(3725) == "1 h 2 min")
        #expect(MarkdownText.code("a`b") == "`` a`b ``")
        #expect(MarkdownText.line("a\n\n b", limit: 300) == "a b")
        #expect(MarkdownText.line(String(repeating: "x", count: 10), limit: 5) == "xxxx…")
    }

    @Test func prTooLargeNotice() {
        #expect(NoticeComments.prTooLarge(changedLines: 7_250, maxChanges: 5_000, changedFiles: 12, maxFiles: 100) == """
            ## Loom review skipped

            This pull request is too large to review: 7,250 changed lines (limit `triggers.max_changes`: 5,000).

            Split it into smaller pull requests, or raise the limits in `.loom/config.yaml` on the base branch.

            <!-- loom:summary -->

            """)
        #expect(NoticeComments.prTooLarge(changedLines: 9, maxChanges: 5, changedFiles: 300, maxFiles: 100)
            .contains("9 changed lines (limit `triggers.max_changes`: 5) and 300 changed files (limit `triggers.max_files`: 100)."))
    }

    @Test func configErrorNotice() {
        let errors = [
            ConfigError(source: ".loom/config.yaml", line: 12, keyPath: "pipelines[0].severity",
                        message: "must be one of blocker, warning, info (got \"critical\")"),
            ConfigError(source: ".loom/config.yaml", line: 3, keyPath: "", message: "mapping values are not allowed here"),
        ]
        #expect(NoticeComments.configError(errors) == """
            ## Loom review failed: invalid configuration

            Loom reads `.loom/` from the base branch, and it has 2 errors:

            - `.loom/config.yaml:12: pipelines[0].severity: must be one of blocker, warning, info (got "critical")`
            - `.loom/config.yaml:3: mapping values are not allowed here`

            Fix the configuration on the base branch (`loom config check` shows the same errors); \
            the next push to this pull request will be reviewed with it.

            <!-- loom:summary -->

            """)
    }
}
