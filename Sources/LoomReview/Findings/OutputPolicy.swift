// OutputPolicy: which anchored findings become inline comments, and which go to the summary instead.

public import LoomCore

/// The `output` settings that shape what is posted (SPEC §5, §6.6).
///
/// Order of the rules:
/// 1. findings below `minSeverity` are left out everywhere (only counted);
/// 2. repeats are removed: a fingerprint already posted on the pull request (`alreadyPosted`),
///    or one this run already produced (two chunks or pipelines saying the same);
/// 3. findings outside the diff go to the summary's "outside the diff" list;
/// 4. the rest are ranked — highest severity first, then the file's position in the diff, then
///    the line — and at most `maxCommentsPerFile` per file, then `maxComments` in all, become
///    inline comments; the others are overflow, listed in the summary. With `groupByFile` a file's
///    findings make one comment, so `maxComments` counts files (ranked by their most severe
///    finding) while `maxCommentsPerFile` still caps the findings in each;
/// 5. with `inlineComments` off, everything that would be posted inline is overflow instead.
public struct OutputPolicy: Hashable, Sendable {
    public var minSeverity: Severity
    public var maxComments: Int
    public var maxCommentsPerFile: Int
    public var groupByFile: Bool
    public var inlineComments: Bool

    /// The defaults of SPEC §5: `info`, 50, 10, ungrouped, inline comments on.
    public init(minSeverity: Severity = .info, maxComments: Int = 50, maxCommentsPerFile: Int = 10,
                groupByFile: Bool = false, inlineComments: Bool = true) {
        self.minSeverity = minSeverity
        self.maxComments = maxComments
        self.maxCommentsPerFile = maxCommentsPerFile
        self.groupByFile = groupByFile
        self.inlineComments = inlineComments
    }

    /// Sorts anchored findings into what is posted and what the summary lists.
    /// `fileOrder` is the diff's paths in order (files not in it rank last, by name).
    public func apply(_ findings: [AnchoredFinding], fileOrder: [String],
                      alreadyPosted: Set<String> = []) -> OutputPlan {
        var plan = OutputPlan()
        var seen = alreadyPosted
        var candidates: [AnchoredFinding] = []
        for finding in findings {
            guard finding.finding.severity >= minSeverity else {
                plan.belowMinSeverity += 1
                continue
            }
            guard !seen.contains(finding.finding.fingerprint) else {
                if alreadyPosted.contains(finding.finding.fingerprint) { plan.alreadyPosted.append(finding) }
                continue
            }
            seen.insert(finding.finding.fingerprint)
            if finding.inlineLine == nil {
                plan.outsideDiff.append(finding)
            } else {
                candidates.append(finding)
            }
        }
        let position = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ranked = candidates.sorted { rank($0, position) < rank($1, position) }
        var perFile: [String: Int] = [:]
        var kept: [AnchoredFinding] = []
        for finding in ranked {
            let count = perFile[finding.finding.path, default: 0]
            if count < maxCommentsPerFile {
                perFile[finding.finding.path] = count + 1
                kept.append(finding)
            } else {
                plan.overflow.append(finding)
            }
        }
        var inline: [AnchoredFinding] = []
        if groupByFile {
            // Files in the rank of their first (most severe) finding; the cap counts files.
            var files: [String] = []
            for finding in kept where !files.contains(finding.finding.path) { files.append(finding.finding.path) }
            let allowed = Set(files.prefix(maxComments))
            for finding in kept {
                if allowed.contains(finding.finding.path) { inline.append(finding) } else { plan.overflow.append(finding) }
            }
        } else {
            inline = Array(kept.prefix(maxComments))
            plan.overflow += kept.dropFirst(maxComments)
        }
        if inlineComments {
            plan.inline = inline
        } else {
            plan.overflow = inline + plan.overflow
        }
        plan.overflow.sort { rank($0, position) < rank($1, position) }
        return plan
    }

    /// `apply` with the diff's file order.
    public func apply(_ findings: [AnchoredFinding], diff: Diff, alreadyPosted: Set<String> = []) -> OutputPlan {
        apply(findings, fileOrder: diff.files.map(\.path), alreadyPosted: alreadyPosted)
    }

    /// Severity (descending), then file position, then path, then line.
    private func rank(_ finding: AnchoredFinding, _ position: [String: Int]) -> (Int, Int, String, Int) {
        let severity = Severity.allCases.count - Severity.allCases.firstIndex(of: finding.finding.severity)!
        return (severity, position[finding.finding.path] ?? Int.max, finding.finding.path, finding.inlineLine ?? 0)
    }
}

/// What `OutputPolicy` decided.
public struct OutputPlan: Hashable, Sendable {
    /// To post inline, ranked (highest severity first, then file order, then line).
    public var inline: [AnchoredFinding] = []
    /// Not commentable: listed in the summary under "outside the diff".
    public var outsideDiff: [AnchoredFinding] = []
    /// Beyond `max_comments`/`max_comments_per_file` (or inline comments are off): summary only.
    public var overflow: [AnchoredFinding] = []
    /// Already on the pull request from an earlier review: not posted again.
    public var alreadyPosted: [AnchoredFinding] = []
    /// Left out because of `min_severity`.
    public var belowMinSeverity = 0

    public init() {}

    /// Every finding the summary reports, in rank order of each list.
    public var reported: [AnchoredFinding] { inline + overflow + outsideDiff + alreadyPosted }
}
