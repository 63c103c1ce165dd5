// FindingAnchor: puts each finding on a commentable line of the diff, or marks it "outside the diff".

public import LoomCore

/// A finding placed for posting.
public struct AnchoredFinding: Hashable, Sendable {
    /// Where the finding goes.
    public enum Placement: Hashable, Sendable {
        /// An inline comment on this new-file line.
        case inline(line: Int)
        /// The summary's "outside the diff" list, with the reason.
        case outsideDiff(reason: String)
    }

    /// The finding, with `line` set to the anchor line (when inline) and its final fingerprint.
    public var finding: Finding
    public var placement: Placement
    /// The line the model cited, before any move.
    public var citedLine: Int?

    public init(finding: Finding, placement: Placement, citedLine: Int?) {
        self.finding = finding
        self.placement = placement
        self.citedLine = citedLine
    }

    /// The inline line, or nil when outside the diff.
    public var inlineLine: Int? {
        if case .inline(let line) = placement { return line }
        return nil
    }
}

/// Anchors findings on the diff (SPEC §6.6).
///
/// A finding citing a commentable new-file line (an added or context line of a hunk) stays
/// there. Otherwise it moves to the nearest commentable line within `maxDistance` (3) lines,
/// taken from a single hunk: the closest line of any hunk, and on a tie the line *after* the
/// cited one (a model citing the line before a change usually means the change). Beyond that,
/// or when the file is not in the diff, is binary or the finding has no line, it is "outside the
/// diff". Paths are matched as given, then without a leading `./`, `/`, `a/` or `b/`, then by
/// a renamed file's old path.
public struct FindingAnchor: Sendable {
    /// How far (in lines) a finding may move to reach a commentable line: 3, per SPEC §6.6.
    public static let defaultMaxDistance = 3

    /// The diff comments are posted on.
    public let diff: Diff
    /// Lines a finding may move.
    public var maxDistance: Int

    public init(diff: Diff, maxDistance: Int = FindingAnchor.defaultMaxDistance) {
        self.diff = diff
        self.maxDistance = maxDistance
    }

    /// Anchors every finding, keeping their order.
    public func anchor(_ findings: [Finding]) -> [AnchoredFinding] {
        findings.map(anchor)
    }

    /// Anchors one finding and sets its fingerprint from the anchor line's text.
    public func anchor(_ finding: Finding) -> AnchoredFinding {
        var placed = finding
        let cited = finding.line
        guard let file = file(for: finding.path) else {
            return outside(placed, cited, "file not in the diff")
        }
        placed.path = file.path
        if file.isBinary { return outside(placed, cited, "binary file") }
        guard let line = cited else { return outside(placed, cited, "no line given") }
        guard let target = nearestCommentable(in: file, to: line) else {
            return outside(placed, cited, "line \(line) is not part of the diff")
        }
        placed.line = target.newLine
        placed.fingerprint = FindingFingerprint.compute(pipeline: placed.pipeline, path: placed.path,
                                                        anchorText: target.text, message: placed.message)
        return AnchoredFinding(finding: placed, placement: .inline(line: target.newLine ?? line), citedLine: cited)
    }

    /// The diff's file a finding's path means.
    public func file(for path: String) -> FileDiff? {
        if let exact = diff.file(path) { return exact }
        var trimmed = Substring(path)
        while let prefix = ["./", "/", "a/", "b/"].first(where: { trimmed.hasPrefix($0) }) {
            trimmed = trimmed.dropFirst(prefix.count)
            if let file = diff.file(String(trimmed)) { return file }
        }
        return diff.files.first { $0.oldPath == path && $0.newPath != nil }
    }

    /// The commentable line of one hunk closest to `line` (ties: the later line), within range.
    private func nearestCommentable(in file: FileDiff, to line: Int) -> DiffLine? {
        var best: (line: DiffLine, distance: Int)?
        for hunk in file.hunks {
            for candidate in hunk.lines where candidate.kind != .removed {
                guard let number = candidate.newLine else { continue }
                let distance = abs(number - line)
                guard distance <= maxDistance else { continue }
                if let current = best {
                    let closer = distance < current.distance
                    let laterOnTie = distance == current.distance && number > (current.line.newLine ?? 0)
                    guard closer || laterOnTie else { continue }
                }
                best = (candidate, distance)
            }
        }
        return best?.line
    }

    private func outside(_ finding: Finding, _ cited: Int?, _ reason: String) -> AnchoredFinding {
        var placed = finding
        placed.fingerprint = FindingFingerprint.compute(pipeline: finding.pipeline, path: finding.path,
                                                        anchorText: nil, message: finding.message)
        return AnchoredFinding(finding: placed, placement: .outsideDiff(reason: reason), citedLine: cited)
    }
}
