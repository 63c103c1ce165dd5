// DiffRenderingTests: `{{diff}}` with new-file line numbers, `{{raw_diff}}` and `{{files}}`.

import LoomCore
import LoomReview
import LoomTestSupport
import Testing

@Suite struct DiffRenderingTests {
    static func fixture() throws -> Diff {
        UnifiedDiffParser.parse(bytes: try Fixtures.bytes("api/github/pulls.327.diff")).diff
    }

    @Test func annotatedNumbersAddedAndContextLines() throws {
        let file = try #require(try Self.fixture().file("tsconfig.json"))
        #expect(PromptDiffRenderer.annotated([file]) == """
            ## File: tsconfig.json (modified, +2 -1)
            @@ -5,6 +5,7 @@
               5       "exclude": [
               6           "node_modules",
               7           "Pod/Assets",
                 -         "Example/Build"
               8 +         "Example/Build",
               9 +         "externals/"
              10       ]
              11   }

            """)
    }

    @Test func annotatedShowsSectionsAndNoNewlineMarkers() throws {
        let diff = try Self.fixture()
        let relay = try #require(diff.file("lib/__mocks__/react-relay.js"))
        #expect(PromptDiffRenderer.annotated(relay) == """
            ## File: lib/__mocks__/react-relay.js (modified, +1 -1)
            @@ -8,4 +8,4 @@ module.exports = {
               8     Mutation: Relay.Mutation,
               9     Route: Relay.Route,
              10     createContainer: (component) => component,
                 - }
                   \\ No newline at end of file
              11 + }

            """)
        let schema = try #require(diff.file("data/schema.json"))
        #expect(PromptDiffRenderer.numberWidth(schema) == 5)
        #expect(PromptDiffRenderer.annotated(schema).contains("\n16806 + "))
    }

    @Test func fileListAndStatuses() throws {
        let diff = try Self.fixture()
        let picked = ["CHANGELOG.md", "lib/components/gene/about_gene.js", "lib/components/gene/about.js"]
            .compactMap { diff.file($0) }
        let extra = [
            FileDiff(oldPath: "img/a.png", newPath: "img/a.png", status: .modified, isBinary: true),
            FileDiff(oldPath: "old.txt", newPath: "new.txt", status: .renamed),
        ]
        #expect(PromptDiffRenderer.fileList(picked + extra) == """
            - CHANGELOG.md (modified, +1 -0)
            - lib/components/gene/about_gene.js (deleted, +0 -0)
            - lib/components/gene/about.js (added, +54 -0)
            - img/a.png (modified, binary, not reviewed)
            - new.txt (renamed from old.txt, +0 -0)

            """)
        #expect(PromptDiffRenderer.annotated(extra) == """
            ## File: img/a.png (modified, binary, not reviewed)
            ## File: new.txt (renamed from old.txt, +0 -0)
            (no content changes)

            """)
    }

    @Test func rawDiffIsTheUnifiedText() throws {
        let diff = try Self.fixture()
        #expect(PromptDiffRenderer.raw(diff.files) == UnifiedDiffWriter.write(diff))
        #expect(UnifiedDiffParser.parse(PromptDiffRenderer.raw(diff.files)).diff == diff)
    }
}
