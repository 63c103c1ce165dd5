// DiffGitLabTests: GitLab's header-less per-file diffs rebuilt into a git diff and parsed.

import LoomCore
import LoomTestSupport
import Testing

@Suite struct DiffGitLabTests {
    @Test func realMergeRequestDiffs() throws {
        let document = try JSONDocument(bytes: Fixtures.bytes("api/gitlab/merge_request.27117.diffs.nock.json"))
        let response = try #require(document.root[0]?["response"])
        let entries = GitLabDiffAssembler.entries(from: response)
        #expect(entries.count == 1)
        #expect(entries[0].oldPath == "danger/roulette/Dangerfile" && !entries[0].newFile && entries[0].aMode == "100644")
        let result = GitLabDiffAssembler.assemble(entries)
        #expect(result.issues.isEmpty)
        #expect(result.unifiedText.hasPrefix("""
            diff --git a/danger/roulette/Dangerfile b/danger/roulette/Dangerfile
            --- a/danger/roulette/Dangerfile
            +++ b/danger/roulette/Dangerfile
            @@ -1,5 +1,7 @@

            """))
        #expect(result.unifiedText == UnifiedDiffWriter.header(
            oldPath: "danger/roulette/Dangerfile", newPath: "danger/roulette/Dangerfile", status: .modified, fileLines: true)
            + entries[0].diff)
        let file = try #require(result.diff.files.first)
        #expect(file.status == .modified)
        #expect(file.hunks.map { [$0.oldStart, $0.oldCount, $0.newStart, $0.newCount] }
                == [[1, 5, 1, 7], [29, 17, 31, 22], [65, 6, 72, 12], [79, 7, 92, 7]])
        #expect(file.hunks[1].section == "Please consider creating a merge request to")
        #expect(file.additions == 17 && file.deletions == 4)
        #expect(file.line(atNewLine: 3)?.line.text == "require 'digest/md5'")
        #expect(file.line(atNewLine: 34)?.line == DiffLine(kind: .added, text: "def spin(team, project, category, branch_name)",
                                                           oldLine: nil, newLine: 34))
    }

    @Test func fedLineByLineTheRebuiltTextParsesTheSame() throws {
        let document = try JSONDocument(bytes: Fixtures.bytes("api/gitlab/merge_request.27117.diffs.nock.json"))
        let result = GitLabDiffAssembler.assemble(GitLabDiffAssembler.entries(from: try #require(document.root[0]?["response"])))
        var parser = UnifiedDiffParser()
        for line in result.unifiedText.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            parser.feed(line: String(line))
        }
        #expect(parser.finish().diff == result.diff)
    }

    @Test func newDeletedRenamedBinaryAndOmittedEntries() throws {
        let json = try JSONDocument("""
            {"diffs": [
              {"old_path": "a.rb", "new_path": "a.rb", "diff": "@@ -0,0 +1,2 @@\\n+one\\n+two", "new_file": true,
               "renamed_file": false, "deleted_file": false, "a_mode": "0", "b_mode": "100755"},
              {"old_path": "b.rb", "new_path": "b.rb", "diff": "@@ -1 +0,0 @@\\n-gone\\n", "new_file": false,
               "renamed_file": false, "deleted_file": true, "a_mode": "100644", "b_mode": "0"},
              {"old_path": "old dir/c.rb", "new_path": "new dir/c.rb", "diff": "", "new_file": false,
               "renamed_file": true, "deleted_file": false},
              {"old_path": "logo.png", "new_path": "logo.png", "diff": "Binary files a/logo.png and b/logo.png differ\\n",
               "new_file": false, "renamed_file": false, "deleted_file": false},
              {"old_path": "yarn.lock", "new_path": "yarn.lock", "diff": "", "too_large": true, "generated_file": true},
              {"new_path": 3}
            ]}
            """)
        let result = GitLabDiffAssembler.assemble(GitLabDiffAssembler.entries(from: json.root))
        #expect(result.diff.files == [
            FileDiff(oldPath: nil, newPath: "a.rb", status: .added, hunks: [
                Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 2, lines: [
                    DiffLine(kind: .added, text: "one", oldLine: nil, newLine: 1),
                    DiffLine(kind: .added, text: "two", oldLine: nil, newLine: 2),
                ]),
            ]),
            FileDiff(oldPath: "b.rb", newPath: nil, status: .deleted, hunks: [
                Hunk(oldStart: 1, oldCount: 1, newStart: 0, newCount: 0,
                     lines: [DiffLine(kind: .removed, text: "gone", oldLine: 1, newLine: nil)]),
            ]),
            FileDiff(oldPath: "old dir/c.rb", newPath: "new dir/c.rb", status: .renamed),
            FileDiff(oldPath: "logo.png", newPath: "logo.png", status: .modified, isBinary: true),
            FileDiff(oldPath: "yarn.lock", newPath: "yarn.lock", status: .modified),
        ])
        #expect(result.generatedPaths == ["yarn.lock"])
        #expect(result.issues == [UnifiedDiffParser.Issue(line: 19, message: "GitLab left out the diff of yarn.lock (too large)")])
        #expect(result.unifiedText.contains("diff --git a/a.rb b/a.rb\nnew file mode 100755\n--- /dev/null\n+++ b/a.rb\n"))
        #expect(result.unifiedText.contains(
            "diff --git a/old dir/c.rb b/new dir/c.rb\nrename from old dir/c.rb\nrename to new dir/c.rb\ndiff --git"))
    }
}
