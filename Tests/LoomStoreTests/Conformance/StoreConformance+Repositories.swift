// StoreConformance+Repositories: registration, renames, disabling, and repositories added by name.

import LoomCore
import LoomStore
import Testing

extension StoreConformance {
    func disabledRepositoryGetsNoJobs() async throws {
        try await withStore { store async throws in
            let added = try await store.addRepository(Sample.acme, now: Sample.t0)
            #expect(added.isActive && added.ref == Sample.acme && added.createdAt == Sample.t0)
            #expect(try await store.addRepository(Sample.acme, now: Sample.t0 + 1) == added)
            let disabled = try await store.setRepositoryActive(platform: .github, fullName: "acme/api", active: false, now: Sample.t0 + 2)
            #expect(disabled?.isActive == false && disabled?.updatedAt == Sample.t0 + 2)
            #expect(try await store.setRepositoryActive(platform: .github, fullName: "nobody/here", active: false, now: Sample.t0) == nil)

            #expect(try await store.ingest(Sample.enqueue("job-1", delivery: "d1", head: "h1")) == .repositoryDisabled)
            #expect(try await store.ingest(Sample.close(delivery: "d2")) == .repositoryDisabled)
            #expect(try await store.job(id: "job-1") == nil)
            // The delivery was recorded all the same.
            #expect(try await store.ingest(Sample.enqueue("job-1", delivery: "d1", head: "h1")) == .duplicateDelivery)

            _ = try await store.setRepositoryActive(platform: .github, fullName: "acme/api", active: true, now: Sample.t0 + 3)
            _ = try await store.enqueue(Sample.enqueue("job-1", delivery: "d3", head: "h1"))
        }
    }

    func renamedRepositoryKeepsItsRow() async throws {
        try await withStore { store async throws in
            let first = try await store.enqueue(Sample.enqueue("job-1", delivery: "d1", head: "h1"))
            let renamed = RepositoryRef(platform: .github, platformID: Sample.acme.platformID, fullName: "acme/api-v2")
            let second = try await store.enqueue(Sample.enqueue("job-2", delivery: "d2", repository: renamed, head: "h2",
                                                                at: Sample.t0 + 9))
            #expect(second.repositoryID == first.repositoryID)
            #expect(second.repository == "acme/api-v2")
            let repository = try #require(try await store.repository(platform: .github, fullName: "acme/api-v2"))
            #expect(repository.id == first.repositoryID && repository.updatedAt == Sample.t0 + 9)
            #expect(try await store.repository(platform: .github, fullName: "acme/api") == nil)
            #expect(try await store.repositories().count == 1)
            // Jobs show the current name, and the supersede rule followed the rename.
            #expect(try await store.job(id: "job-1")?.repository == "acme/api-v2")
            #expect(try await store.job(id: "job-1")?.status == .cancelled)
        }
    }

    func repositoryAddedByNameIsAdoptedByItsFirstWebhook() async throws {
        try await withStore { store async throws in
            let byName = RepositoryRef(platform: .github, platformID: "", fullName: "acme/api")
            let added = try await store.addRepository(byName, now: Sample.t0)
            #expect(added.ref.platformID == "" && added.ref.fullName == "acme/api")
            #expect(try await store.addRepository(byName, now: Sample.t0) == added)
            _ = try await store.setRepositoryActive(platform: .github, fullName: "acme/api", active: false, now: Sample.t0)

            // The first webhook carries the real id: same row, still disabled.
            #expect(try await store.ingest(Sample.enqueue("job-1", delivery: "d1", head: "h1")) == .repositoryDisabled)
            let adopted = try #require(try await store.repository(platform: .github, fullName: "acme/api"))
            #expect(adopted.id == added.id && adopted.ref == Sample.acme && !adopted.isActive)
            #expect(try await store.repositories().count == 1)

            // Adding by name a repository already known by id returns it.
            #expect(try await store.addRepository(byName, now: Sample.t0).id == added.id)
        }
    }
}
