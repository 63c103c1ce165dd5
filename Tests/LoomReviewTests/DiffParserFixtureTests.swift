// DiffParserFixtureTests: the real GitHub diff parsed whole, line by line, in random pieces and with CRLF endings.

import LoomCore
import LoomTestSupport
import Testing

@Suite struct DiffParserFixtureTests {
    static func fixture() throws -> [UInt8] { try Fixtures.bytes("api/github/pulls.327.diff") }

    /// (path, status, additions, deletions) as `git apply --numstat --summary` reports them.
    static let expected: [(String, FileDiff.Status, Int, Int)] = [
        ("CHANGELOG.md", .modified, 1, 0),
        ("data/schema.graphql", .modified, 12, 0),
        ("data/schema.json", .modified, 413, 0),
        ("externals/metaphysics", .modified, 1, 1),
        ("lib/__mocks__/react-relay.js", .modified, 1, 1),
        ("lib/components/artist/about.js", .modified, 1, 1),
        ("lib/components/artist/related_artists/index.js", .deleted, 0, 118),
        ("lib/components/artist/related_artists/related_artist.js", .deleted, 0, 81),
        ("lib/components/gene/about.js", .added, 54, 0),
        ("lib/components/gene/about_gene.js", .deleted, 0, 0),
        ("lib/components/gene/biography.js", .added, 61, 0),
        ("lib/components/gene/header.js", .modified, 3, 1),
        ("lib/components/related_artists/index.js", .added, 118, 0),
        ("lib/components/related_artists/related_artist.js", .added, 81, 0),
        ("lib/containers/__tests__/__snapshots__/gene-tests.js.snap", .modified, 171, 4),
        ("lib/containers/__tests__/gene-tests.js", .modified, 15, 1),
        ("lib/containers/gene.js", .modified, 4, 3),
        ("tsconfig.json", .modified, 2, 1),
    ]

    @Test func wholeFixtureMatchesGitNumstat() throws {
        let result = UnifiedDiffParser.parse(bytes: try Self.fixture())
        #expect(result.issues.isEmpty)
        let files = result.diff.files
        #expect(files.count == Self.expected.count)
        for (file, expected) in zip(files, Self.expected) {
            #expect(file.path == expected.0)
            #expect(file.status == expected.1, "\(file.path)")
            #expect(file.additions == expected.2, "\(file.path)")
            #expect(file.deletions == expected.3, "\(file.path)")
            #expect(!file.isBinary)
        }
        #expect(files.reduce(0) { $0 + $1.hunks.count } == 36)
        #expect(result.diff.changedLineCount == 938 + 212)
        #expect(files[6].oldPath == "lib/components/artist/related_artists/index.js" && files[6].newPath == nil)
        #expect(files[8].oldPath == nil && files[8].newPath == "lib/components/gene/about.js")
        #expect(files[9].hunks.isEmpty)
    }

    @Test func hunkNumbersSectionsAndLines() throws {
        let diff = UnifiedDiffParser.parse(bytes: try Self.fixture()).diff
        let changelog = try #require(diff.file("CHANGELOG.md"))
        #expect(changelog.hunks[0].oldStart == 4 && changelog.hunks[0].oldCount == 6)
        #expect(changelog.hunks[0].newStart == 4 && changelog.hunks[0].newCount == 7)
        #expect(changelog.commentableNewLines == Set(4...10))
        let added = try #require(changelog.line(atNewLine: 7))
        #expect(added.line == DiffLine(kind: .added, text: "- GeneVC now shows about information, and trending artists - orta",
                                       oldLine: nil, newLine: 7))
        #expect(changelog.line(atNewLine: 8)?.line == DiffLine(kind: .context, text: "", oldLine: 7, newLine: 8))

        let schema = try #require(diff.file("data/schema.graphql"))
        #expect(schema.hunks.map(\.section) == ["type ArtworkContextAuction {", "type ArtworkContextSale {", "type Gene {",
                                                "type GeneItem {", "type HomePageModuleContextGene {",
                                                "type HomePageModuleContextSale {", "type PartnerShow implements Node {",
                                                "type Sale {"])
        #expect(schema.hunks[1].newStart == 405 && schema.hunks[1].newCount == 8)

        let submodule = try #require(diff.file("externals/metaphysics"))
        #expect(submodule.hunks[0].oldCount == 1 && submodule.hunks[0].newCount == 1)
        #expect(submodule.hunks[0].lines.map(\.kind) == [.removed, .added])

        let tsconfig = try #require(diff.file("tsconfig.json"))
        #expect(tsconfig.hunks[0].lines == [
            DiffLine(kind: .context, text: "    \"exclude\": [", oldLine: 5, newLine: 5),
            DiffLine(kind: .context, text: "        \"node_modules\",", oldLine: 6, newLine: 6),
            DiffLine(kind: .context, text: "        \"Pod/Assets\",", oldLine: 7, newLine: 7),
            DiffLine(kind: .removed, text: "        \"Example/Build\"", oldLine: 8, newLine: nil),
            DiffLine(kind: .added, text: "        \"Example/Build\",", oldLine: nil, newLine: 8),
            DiffLine(kind: .added, text: "        \"externals/\"", oldLine: nil, newLine: 9),
            DiffLine(kind: .context, text: "    ]", oldLine: 9, newLine: 10),
            DiffLine(kind: .context, text: "}", oldLine: 10, newLine: 11),
        ])
    }

    @Test func noNewlineMarkerFlagsTheRemovedLine() throws {
        let diff = UnifiedDiffParser.parse(bytes: try Self.fixture()).diff
        let relay = try #require(diff.file("lib/__mocks__/react-relay.js"))
        #expect(relay.hunks[0].lines.suffix(2) == [
            DiffLine(kind: .removed, text: "}", oldLine: 11, newLine: nil, noNewlineAtEnd: true),
            DiffLine(kind: .added, text: "}", oldLine: nil, newLine: 11, noNewlineAtEnd: false),
        ])
    }

    @Test func lineByLineAndRandomPiecesGiveTheSameDiff() throws {
        let bytes = try Self.fixture()
        let whole = UnifiedDiffParser.parse(bytes: bytes)
        var byLine = UnifiedDiffParser()
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines { byLine.feed(line: String(line)) }
        #expect(byLine.finish() == whole)

        var random = SplitMix64(seed: 327)
        for _ in 0..<5 {
            var parser = UnifiedDiffParser()
            var index = 0
            while index < bytes.count {
                let size = Int.random(in: 1...97, using: &random)
                parser.feed(bytes[index..<min(bytes.count, index + size)])
                index += size
            }
            #expect(parser.finish() == whole)
        }
        var single = UnifiedDiffParser()
        for byte in bytes { single.feed(CollectionOfOne(byte)) }
        #expect(single.finish() == whole)
    }

    @Test func crlfEndingsKeepCarriageReturnsInContentOnly() throws {
        let bytes = try Self.fixture()
        var crlf: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        let plain = UnifiedDiffParser.parse(bytes: bytes).diff
        let result = UnifiedDiffParser.parse(bytes: crlf)
        #expect(result.issues.isEmpty)
        #expect(result.diff.files.map(\.path) == plain.files.map(\.path))
        #expect(result.diff.files.map(\.status) == plain.files.map(\.status))
        for (file, original) in zip(result.diff.files, plain.files) {
            #expect(file.hunks.map(\.section) == original.hunks.map(\.section))
            let texts = file.hunks.flatMap(\.lines).map(\.text)
            #expect(texts == original.hunks.flatMap(\.lines).map { $0.text + "\r" })
        }
    }

    @Test func writerReproducesTheFixtureWithoutIndexLines() throws {
        let text = String(decoding: try Self.fixture(), as: UTF8.self)
        let withoutIndex = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("index ") }.joined(separator: "\n")
        let diff = UnifiedDiffParser.parse(text).diff
        #expect(UnifiedDiffWriter.write(diff) == withoutIndex)
        #expect(UnifiedDiffParser.parse(UnifiedDiffWriter.write(diff)) == UnifiedDiffParser.Result(diff: diff, issues: []))
    }
}
