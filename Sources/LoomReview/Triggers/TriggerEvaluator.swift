// TriggerEvaluator: decides whether a pull request is reviewed, from the config's `triggers` (SPEC §6.2).

import LoomCore

/// Applies `triggers` to a pull request. Cheap and pure: run it before any model is called.
///
/// Rules are checked in a fixed order, and the first that applies wins: `branch_excluded`,
/// `author_ignored`, `paths_ignored`, `too_few_changes`, `pr_too_large`. The silent reasons come
/// first so an ignored bot's huge pull request is skipped quietly rather than commented on.
public struct TriggerEvaluator: Sendable {
    /// The rules applied.
    public var triggers: TriggerConfig

    public init(_ triggers: TriggerConfig) { self.triggers = triggers }

    public init(config: ReviewConfig) { self.init(config.triggers) }

    /// `.run`, or `.skip` with the first rule that applies and a message for people.
    public func evaluate(_ facts: PullRequestFacts) -> TriggerDecision {
        let branch = Self.branchName(facts.targetBranch)
        if !triggers.branches.isEmpty, !triggers.branches.contains(where: { $0.matches(branch) }) {
            let patterns = triggers.branches.map(\.pattern).joined(separator: ", ")
            return .skip(reason: .branchExcluded,
                         message: "The target branch \(branch) matches none of triggers.branches (\(patterns)).")
        }
        if let pattern = triggers.ignoreAuthors.first(where: { Self.author(facts.author, matches: $0) }) {
            return .skip(reason: .authorIgnored,
                         message: "The author \(facts.author) matches \(pattern) in triggers.ignore_authors.")
        }
        if !triggers.ignorePaths.isEmpty, !facts.changedPaths.isEmpty,
           facts.changedPaths.allSatisfy({ PathMatcher.any(triggers.ignorePaths, matches: $0) }) {
            return .skip(reason: .pathsIgnored, message: "Every changed file matches triggers.ignore_paths.")
        }
        if facts.changedLines < triggers.minChanges {
            return .skip(reason: .tooFewChanges,
                         message: "\(Self.lines(facts.changedLines)) changed; triggers.min_changes is \(triggers.minChanges).")
        }
        if facts.changedLines > triggers.maxChanges || facts.fileCount > triggers.maxFiles {
            return .skip(reason: .prTooLarge, message: tooLargeMessage(facts))
        }
        return .run
    }

    /// The comment an oversized pull request gets: what the limits are, where they are set,
    /// and what to do.
    private func tooLargeMessage(_ facts: PullRequestFacts) -> String {
        var over: [String] = []
        if facts.changedLines > triggers.maxChanges {
            over.append("\(Self.lines(facts.changedLines)) changed (the limit is \(triggers.maxChanges), `triggers.max_changes`)")
        }
        if facts.fileCount > triggers.maxFiles {
            over.append("\(Self.files(facts.fileCount)) changed (the limit is \(triggers.maxFiles), `triggers.max_files`)")
        }
        return "Loom did not review this pull request because it is too large: \(over.joined(separator: " and ")). "
            + "Split it into smaller pull requests, or raise the limits in `.loom/config.yaml` on the target branch."
    }

    /// Platforms that report full refs (Azure DevOps) still match `main`-style patterns.
    static func branchName(_ branch: String) -> String {
        branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
    }

    /// Case-insensitive, since platform logins are; `*` is the only wildcard, so names such as
    /// `dependabot[bot]` need no escaping and `*[bot]` covers every bot.
    static func author(_ author: String, matches pattern: String) -> Bool {
        let name = author.lowercased()
        let pattern = pattern.lowercased()
        guard pattern.contains("*") else { return name == pattern }
        var escaped = ""
        for character in pattern {
            if "[]?\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        // Glob's `*` stops at `/`; logins never contain one, except Azure's `DOMAIN\user`, which has a backslash.
        return Glob(escaped).matches(name)
    }

    private static func lines(_ count: Int) -> String { count == 1 ? "1 line" : "\(count) lines" }
    private static func files(_ count: Int) -> String { count == 1 ? "1 file" : "\(count) files" }
}
