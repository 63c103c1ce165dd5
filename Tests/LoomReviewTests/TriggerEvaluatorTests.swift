// TriggerEvaluatorTests: run or skip with each SPEC §6.2 reason, and pipeline file selection.

import LoomCore
import LoomReview
import Testing

private func facts(branch: String = "main", author: String = "alice", paths: [String] = ["src/a.swift"],
                   lines: Int = 10, files: Int? = nil) -> PullRequestFacts {
    PullRequestFacts(targetBranch: branch, author: author, changedPaths: paths, changedLines: lines, fileCount: files)
}

@Suite("Triggers")
struct TriggerEvaluatorTests {
    static let triggers = TriggerConfig(branches: [Glob("main"), Glob("release/*")], ignoreAuthors: ["dependabot[bot]", "*-bot"],
                                        ignorePaths: [Glob("docs/**"), Glob("*.md")], minChanges: 3, maxChanges: 500,
                                        maxFiles: 20)
    let evaluator = TriggerEvaluator(Self.triggers)

    @Test("a PR inside every limit runs")
    func runs() {
        #expect(evaluator.evaluate(facts()) == .run)
        #expect(evaluator.evaluate(facts(branch: "release/2.0")) == .run)
        #expect(evaluator.evaluate(facts(branch: "refs/heads/main")) == .run)
        #expect(evaluator.evaluate(facts(paths: ["docs/a.md", "src/x.c"])) == .run)
        #expect(evaluator.evaluate(facts(lines: 500, files: 20)) == .run)
    }

    @Test("default triggers run everything but oversized PRs")
    func defaults() {
        let open = TriggerEvaluator(TriggerConfig())
        #expect(open.evaluate(facts(branch: "any/branch", lines: 0, files: 0)) == .run)
        #expect(open.evaluate(facts(lines: 5001)).skipReason == .prTooLarge)
        #expect(open.evaluate(facts(files: 101)).skipReason == .prTooLarge)
    }

    @Test("branch_excluded")
    func branch() {
        let decision = evaluator.evaluate(facts(branch: "develop"))
        #expect(decision.skipReason == .branchExcluded)
        #expect(decision.comment == nil)
        #expect(evaluator.evaluate(facts(branch: "release/1/hotfix")).skipReason == .branchExcluded)
    }

    @Test("author_ignored, case-insensitive, with * wildcards")
    func author() {
        #expect(evaluator.evaluate(facts(author: "dependabot[bot]")).skipReason == .authorIgnored)
        #expect(evaluator.evaluate(facts(author: "Dependabot[BOT]")).skipReason == .authorIgnored)
        #expect(evaluator.evaluate(facts(author: "renovate-bot")).skipReason == .authorIgnored)
        #expect(evaluator.evaluate(facts(author: "dependabotb")) == .run)
        #expect(evaluator.evaluate(facts(author: "bot")) == .run)
    }

    @Test("paths_ignored only when every changed file matches")
    func paths() {
        #expect(evaluator.evaluate(facts(paths: ["docs/guide.txt", "README.md", "sub/dir/NOTES.md"])).skipReason == .pathsIgnored)
        #expect(evaluator.evaluate(facts(paths: ["docs/guide.txt", "main.c"])) == .run)
        #expect(evaluator.evaluate(facts(paths: [], lines: 5)) == .run)
    }

    @Test("too_few_changes")
    func tooFew() {
        let decision = evaluator.evaluate(facts(lines: 2))
        #expect(decision.skipReason == .tooFewChanges)
        #expect(decision.comment == nil)
    }

    @Test("pr_too_large by lines or files, with a comment saying why")
    func tooLarge() throws {
        let byLines = evaluator.evaluate(facts(lines: 501))
        #expect(byLines.skipReason == .prTooLarge)
        let comment = try #require(byLines.comment)
        #expect(comment.contains("501 lines changed"))
        #expect(comment.contains("triggers.max_changes"))
        #expect(!comment.contains("max_files"))
        let byFiles = try #require(evaluator.evaluate(facts(files: 21)).comment)
        #expect(byFiles.contains("21 files changed (the limit is 20, `triggers.max_files`)"))
        let both = try #require(evaluator.evaluate(facts(lines: 9000, files: 300)).comment)
        #expect(both.contains("max_changes") && both.contains("max_files"))
    }

    @Test("silent reasons win over pr_too_large")
    func order() {
        #expect(evaluator.evaluate(facts(author: "x-bot", lines: 9000)).skipReason == .authorIgnored)
        #expect(evaluator.evaluate(facts(branch: "dev", author: "x-bot")).skipReason == .branchExcluded)
    }

    @Test("reason strings are the job's")
    func rawValues() {
        #expect(SkipReason.allCases.map(\.rawValue) == [
            "branch_excluded", "author_ignored", "paths_ignored", "too_few_changes", "pr_too_large",
        ])
    }

    @Test("facts from a diff count files, lines and paths")
    func factsFromDiff() {
        let diff = Diff(files: [
            FileDiff(oldPath: "a.txt", newPath: "a.txt", status: .modified, hunks: [
                Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 2, lines: [
                    DiffLine(kind: .removed, text: "x", oldLine: 1, newLine: nil),
                    DiffLine(kind: .added, text: "y", oldLine: nil, newLine: 1),
                    DiffLine(kind: .added, text: "z", oldLine: nil, newLine: 2),
                ]),
            ]),
            FileDiff(oldPath: "gone.c", newPath: nil, status: .deleted),
        ])
        let info = PullRequestInfo(number: 1, title: "", description: "", author: "eve", sourceBranch: "f", targetBranch: "main",
                                   headSHA: "h", baseSHA: "b")
        let built = PullRequestFacts(pullRequest: info, diff: diff)
        #expect(built == PullRequestFacts(targetBranch: "main", author: "eve", changedPaths: ["a.txt", "gone.c"], changedLines: 3,
                                          fileCount: 2))
    }
}
