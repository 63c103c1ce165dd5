// JSONFixtureTests: every real webhook and API payload parses and matches JSONSerialization.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("JSON reader: real payloads")
struct JSONFixtureTests {
    /// Every `.json` under `webhooks/` and `api/`, relative to `Fixtures.directory`.
    static let files: [String] = {
        var files: [String] = []
        for folder in ["webhooks", "api"] {
            let root = Fixtures.directory + "/" + folder
            let enumerator = FileManager.default.enumerator(atPath: root)
            while let path = enumerator?.nextObject() as? String {
                if path.hasSuffix(".json") { files.append(folder + "/" + path) }
            }
        }
        return files.sorted()
    }()

    @Test("the fixture folders are found")
    func fixturesFound() {
        #expect(Self.files.count >= 30)
        #expect(Self.files.contains("webhooks/github/pull_request.opened.json"))
    }

    @Test("parses and equals Foundation's tree", arguments: files)
    func matchesFoundation(_ file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let document = try JSONDocument(bytes: bytes)
        let reference = try #require(FoundationJSON.parse(bytes))
        #expect(FoundationJSON.difference(document.root, reference) == nil)
        #expect(document.root.rawBytes.count <= bytes.count)
    }

    @Test("every proper prefix of a payload is rejected, at an offset inside it")
    func truncations() throws {
        var bytes = try Fixtures.bytes("webhooks/gitea/pull_request.opened.json")
        while bytes.last == UInt8(ascii: "\n") || bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        for length in 0..<bytes.count {
            do {
                _ = try JSONDocument(bytes: Array(bytes[..<length]))
                Issue.record("prefix of \(length) bytes accepted")
            } catch {
                #expect(error.offset <= length)
            }
        }
    }

    @Test("GitHub pull_request.opened: known fields")
    func githubPullRequest() throws {
        let root = try JSONDocument(bytes: Fixtures.bytes("webhooks/github/pull_request.opened.json")).root
        #expect(root["action"]?.string == "opened")
        #expect(root["pull_request", "number"]?.int == 2)
        #expect(root["repository", "full_name"]?.string == "Codertocat/Hello-World")
        #expect(root["pull_request", "head", "sha"]?.string == "ec26c3e57ca3a959ca5aad62de7213c562f8c821")
        #expect(root["pull_request", "head", "sha"]?.stringEquals("ec26c3e57ca3a959ca5aad62de7213c562f8c821") == true)
        #expect(root["pull_request", "id"]?.int == 279_147_437)
        #expect(root["pull_request", "draft"]?.bool == false)
        #expect(root["pull_request", "labels"]?.kind == .array)
        #expect(root["pull_request", "merged_at"]?.isNull == true)
    }

    @Test("GitLab and Bitbucket payloads: known fields")
    func otherPlatforms() throws {
        let gitlab = try JSONDocument(bytes: Fixtures.bytes("webhooks/gitlab/merge_request.open.json")).root
        #expect(gitlab["object_kind"]?.string == "merge_request")
        #expect(gitlab["object_attributes", "iid"]?.int != nil)
        let bitbucket = try JSONDocument(bytes: Fixtures.bytes("webhooks/bitbucket/pullrequest_created.json")).root
        #expect(bitbucket["pullrequest", "id"]?.int != nil)
        #expect(bitbucket["repository", "full_name"]?.kind == .string)
    }

    @Test("the fixture's pull_request object, repeated, is read back intact")
    func repeatedObject() throws {
        let bytes = try Fixtures.bytes("webhooks/github/pull_request.opened.json")
        let pullRequest = try JSONDocument(bytes: bytes).root["pull_request"]!.rawBytes
        let copies = [[UInt8]](repeating: Array(pullRequest), count: 3).joined(separator: [UInt8(ascii: ",")])
        let repeated = [UInt8(ascii: "[")] + copies + [UInt8(ascii: "]")]
        let root = try JSONDocument(bytes: repeated).root
        #expect(root.count == 3)
        #expect(root[2]?["head", "sha"]?.string == "ec26c3e57ca3a959ca5aad62de7213c562f8c821")
        #expect(root[1]?.rawBytes.elementsEqual(pullRequest) == true)
    }
}
