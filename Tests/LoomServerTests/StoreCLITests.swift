// StoreCLITests: `loom migrate`, `loom repos …` and `loom jobs …` as real processes on one data directory.

import Foundation
import LoomTestSupport
import Testing

@Suite("loom repos / jobs / migrate (process)")
struct StoreCLITests {
    func run(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String, errors: String) {
        let loom = try LoomProcess(arguments, environment: ["LOOM_DATA_DIR": directory + "/data"], directory: directory)
        let status = try #require(loom.waitForExit(timeout: 30))
        return (status, loom.standardOutput, loom.standardError)
    }

    @Test("repositories are added, listed, disabled and enabled; bad references are refused")
    func repositories() throws {
        let directory = makeTemporaryDirectory("loom-cli")
        #expect(try run(["migrate"], in: directory).status == 0)
        let added = try run(["repos", "add", "github:acme/api"], in: directory)
        #expect(added.status == 0 && added.output.contains("github:acme/api"))
        let listed = try run(["repos", "list", "--format", "json"], in: directory)
        let object = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
        let repositories = object?["repositories"] as? [[String: Any]] ?? []
        #expect(repositories.map { $0["full_name"] as? String } == ["acme/api"])
        #expect(repositories.first?["is_active"] as? Bool == true)
        #expect(try run(["repos", "disable", "github:acme/api"], in: directory).status == 0)
        #expect(try run(["repos", "list"], in: directory).output.contains(" no "))
        #expect(try run(["repos", "enable", "github:acme/api"], in: directory).status == 0)
        let unknown = try run(["repos", "disable", "gitlab:nobody/here"], in: directory)
        #expect(unknown.status != 0 && unknown.errors.contains("unknown repository"))
        let malformed = try run(["repos", "add", "svn:acme/api"], in: directory)
        #expect(malformed.status != 0 && malformed.errors.contains("PLATFORM:OWNER/REPO"))
    }

    @Test("jobs list is empty on a new store; unknown ids and statuses are errors")
    func jobs() throws {
        let directory = makeTemporaryDirectory("loom-cli")
        let empty = try run(["jobs", "list", "--format", "json"], in: directory)
        #expect(empty.status == 0 && empty.output.contains("{\"jobs\":[]}"))
        let missing = try run(["jobs", "show", "00000000-0000-4000-8000-000000000000"], in: directory)
        #expect(missing.status == 1 && missing.errors.contains("no job"))
        let badStatus = try run(["jobs", "list", "--status", "lost"], in: directory)
        #expect(badStatus.status != 0 && badStatus.errors.contains("unknown status"))
    }
}
