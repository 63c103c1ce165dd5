// SummaryRenderer: the summary comment's Markdown — counts, top findings, coverage, pipelines, usage.

internal import LoomCore

/// Renders the summary comment (SPEC §6.7). Sections appear only when they have something to
/// say, in this order: headline with counts per severity, top findings, outside the diff, over
/// the limits, rejected by the platform, already posted, the `.loom/` note, coverage,
/// pipelines, then a footer with models, tokens and duration, and the hidden summary marker
/// last (so a re-review finds the comment and edits it in place).
///
/// Long lists stop at `listLimit` entries with an "and N more" line, which keeps the body well
/// under the platforms' comment size limits (GitHub's is 65,536 characters).
public struct SummaryRenderer: Sendable {
    /// Entries shown in "Top findings".
    public var topLimit: Int
    /// Entries shown in each other list.
    public var listLimit: Int

    public init(topLimit: Int = 5, listLimit: Int = 30) {
        self.topLimit = topLimit
        self.listLimit = listLimit
    }

    /// The whole comment body.
    public func render(_ report: SummaryReport) -> String {
        var sections = [headline(report)]
        // Most severe first; within a severity, the policy's order (file order, then line).
        let ranked = (report.plan.inline + report.plan.overflow).enumerated()
            .sorted { ($1.element.finding.severity, $0.offset) < ($0.element.finding.severity, $1.offset) }
            .map(\.element)
        if !ranked.isEmpty {
            sections.append("### Top findings\n\n" + list(Array(ranked.prefix(topLimit)), limit: topLimit))
        }
        if !report.plan.outsideDiff.isEmpty {
            sections.append("### Outside the diff\n\nThese could not be placed on a changed line:\n\n"
                + list(report.plan.outsideDiff, limit: listLimit) { $0.placementReason })
        }
        if !report.plan.overflow.isEmpty {
            sections.append("### Not posted inline\n\nOver the comment limits (`max_comments`: \(report.maxComments), "
                + "`max_comments_per_file`: \(report.maxCommentsPerFile)) or with inline comments off:\n\n"
                + list(report.plan.overflow, limit: listLimit))
        }
        if !report.rejected.isEmpty {
            let reasons = Dictionary(report.rejected.map { ($0.finding, $0.reason) },
                                     uniquingKeysWith: { first, _ in first })
            sections.append("### Comments the platform rejected\n\n"
                + list(report.rejected.map(\.finding), limit: listLimit) { reasons[$0] })
        }
        if !report.plan.alreadyPosted.isEmpty {
            sections.append("_\(MarkdownText.count(report.plan.alreadyPosted.count, "finding")) already commented "
                + "on in an earlier review, not repeated._")
        }
        if let change = report.configChange { sections.append(configNote(change)) }
        sections.append(coverage(report))
        if !report.pipelines.isEmpty { sections.append(pipelines(report)) }
        sections.append(footer(report))
        return sections.joined(separator: "\n\n") + "\n\n" + LoomMarkers.summary + "\n"
    }

    /// `## Loom review` and the counts per severity.
    func headline(_ report: SummaryReport) -> String {
        var out = "## Loom review"
        if let sha = report.headSHA, !sha.isEmpty { out += "\n\nReviewed commit `\(sha.prefix(12))`." }
        let findings = report.allFindings
        if findings.isEmpty {
            out += "\n\n**No findings.**"
        } else {
            let counts = Severity.allCases.reversed().map { severity in
                let count = findings.filter { $0.finding.severity == severity }.count
                // "1 blocker", "2 warnings", but "2 info".
                let name = severity == .info || count == 1 ? severity.rawValue : severity.rawValue + "s"
                return "\(SeverityStyle.emoji(severity)) \(count) \(name)"
            }
            out += "\n\n**\(MarkdownText.count(findings.count, "finding"))**: " + counts.joined(separator: " · ")
        }
        if report.plan.belowMinSeverity > 0 {
            out += "\n\n_\(MarkdownText.count(report.plan.belowMinSeverity, "finding")) below `min_severity` not shown._"
        }
        if report.pipelines.contains(where: { $0.status != .ok }) {
            out += "\n\n⚠️ Some pipelines failed, so this review is incomplete (see Pipelines below)."
        }
        return out
    }

    /// Bulleted findings: `- 🛑 `path:line` — message _(pipeline)_`, with an optional note.
    func list(_ findings: [AnchoredFinding], limit: Int, note: (AnchoredFinding) -> String? = { _ in nil }) -> String {
        var lines = findings.prefix(limit).map { anchored -> String in
            let finding = anchored.finding
            let line = anchored.inlineLine ?? anchored.citedLine
            let location = MarkdownText.code(finding.path + (line.map { ":\($0)" } ?? ""))
            var text = "- \(SeverityStyle.emoji(finding.severity)) \(location) — \(MarkdownText.line(finding.message)) "
                + "_(\(MarkdownText.line(finding.pipeline, limit: 60)))_"
            if let extra = note(anchored) { text += " — \(MarkdownText.line(extra, limit: 200))" }
            return text
        }
        if findings.count > limit { lines.append("- … and \(MarkdownText.number(findings.count - limit)) more") }
        return lines.joined(separator: "\n")
    }

    /// The note about a pull request that edits `.loom/`.
    func configNote(_ change: SummaryReport.ConfigChange) -> String {
        let paths = change.paths.prefix(listLimit).map(MarkdownText.code).joined(separator: ", ")
        var out = "> **Note:** this pull request changes Loom's configuration (\(paths)). This review used the "
            + "configuration of the base branch; the new configuration applies after merge."
        if !change.validationErrors.isEmpty {
            out += "\n>\n> The new configuration is invalid and would stop reviews after merge:\n>"
            for error in change.validationErrors.prefix(listLimit) { out += "\n> - " + MarkdownText.code(error) }
            if change.validationErrors.count > listLimit {
                out += "\n> - … and \(change.validationErrors.count - listLimit) more"
            }
        }
        return out
    }

    /// Files reviewed and skipped, chunks.
    func coverage(_ report: SummaryReport) -> String {
        var out = "### Coverage\n\nReviewed \(report.reviewedFiles) of \(MarkdownText.count(report.totalFiles, "file"))"
        out += " in \(MarkdownText.count(report.chunks, "chunk"))."
        guard !report.skipped.isEmpty else { return out }
        out += "\n\nNot reviewed:\n"
        for skipped in report.skipped.prefix(listLimit) {
            out += "\n- \(MarkdownText.code(skipped.path)) — \(MarkdownText.line(skipped.reason, limit: 200))"
        }
        if report.skipped.count > listLimit { out += "\n- … and \(report.skipped.count - listLimit) more" }
        return out
    }

    /// One table row per pipeline.
    func pipelines(_ report: SummaryReport) -> String {
        var out = "### Pipelines\n\n| Pipeline | Model | Status | Findings | Tokens in / out |\n|---|---|---|---|---|"
        var notes: [String] = []
        for pipeline in report.pipelines {
            let status: String
            switch pipeline.status {
            case .ok: status = "✅ ok"
            case .failed(let error): status = "❌ failed: " + MarkdownText.cell(error)
            }
            out += "\n| \(MarkdownText.cell(pipeline.name)) | \(MarkdownText.cell(pipeline.model)) | \(status) | "
                + "\(pipeline.findings) | \(MarkdownText.number(pipeline.usage.input)) / "
                + "\(MarkdownText.number(pipeline.usage.output)) |"
            if pipeline.droppedItems > 0 {
                notes.append("\(MarkdownText.code(pipeline.name)): "
                    + "\(MarkdownText.count(pipeline.droppedItems, "invalid item")) in the model's replies ignored")
            }
            if pipeline.unreadableReplies > 0 {
                notes.append("\(MarkdownText.code(pipeline.name)): "
                    + "\(MarkdownText.count(pipeline.unreadableReplies, "reply", "replies")) without readable findings JSON")
            }
        }
        if !notes.isEmpty { out += "\n\n" + notes.map { "- " + $0 }.joined(separator: "\n") }
        return out
    }

    /// Models, tokens and duration.
    func footer(_ report: SummaryReport) -> String {
        let models = report.models.map(MarkdownText.code).joined(separator: ", ")
        let label = report.models.count > 1 ? "Models" : "Model"
        return "---\n\(label): \(models.isEmpty ? "—" : models) · "
            + "Tokens: \(MarkdownText.number(report.usage.input)) in / "
            + "\(MarkdownText.number(report.usage.output)) out · Duration: \(MarkdownText.duration(report.durationSeconds))"
    }
}

extension AnchoredFinding {
    /// Why the finding is outside the diff, or nil when it is inline.
    var placementReason: String? {
        if case .outsideDiff(let reason) = placement { return reason }
        return nil
    }
}
