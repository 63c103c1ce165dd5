// InMemoryStore+Repositories: registered repositories (`loom repos`): registration, renames, adoption of rows added by name.

public import LoomCore

extension InMemoryStore {
    public func repositories() async throws -> [Repository] {
        state.withLock { $0.repositories.values.sorted { $0.id < $1.id } }
    }

    public func repository(platform: Platform, fullName: String) async throws -> Repository? {
        state.withLock { $0.named(platform: platform, fullName: fullName) }
    }

    public func addRepository(_ ref: RepositoryRef, now: Int64) async throws -> Repository {
        state.withLock { state in
            // Added by name only: the row with that name, or a new one the first webhook adopts.
            if ref.platformID.isEmpty, let known = state.named(platform: ref.platform, fullName: ref.fullName) { return known }
            return state.register(ref, now: now)
        }
    }

    public func setRepositoryActive(platform: Platform, fullName: String, active: Bool, now: Int64) async throws -> Repository? {
        state.withLock { state in
            guard var repository = state.named(platform: platform, fullName: fullName) else { return nil }
            repository.isActive = active
            repository.updatedAt = now
            state.repositories[repository.id] = repository
            return repository
        }
    }
}

extension InMemoryStore {
    /// A full name as compared ignoring ASCII case, like SQL's `NOCASE`.
    static func caseless(_ fullName: String) -> String {
        RepositoryPlaceholderID.lowercasedASCII(fullName)
    }
}

extension InMemoryStore.State {
    /// The repository called `fullName` (ignoring ASCII case); after renames that left two rows
    /// with one name, the most recently updated.
    func named(platform: Platform, fullName: String) -> Repository? {
        let wanted = InMemoryStore.caseless(fullName)
        return repositories.values
            .filter { $0.ref.platform == platform && InMemoryStore.caseless($0.ref.fullName) == wanted }
            .max { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
    }

    /// Finds the repository by its platform id — or, for an id not seen yet, a row added by name
    /// (empty platform id) with that name, which it adopts — and follows renames; otherwise adds
    /// it, active.
    mutating func register(_ ref: RepositoryRef, now: Int64) -> Repository {
        let byID = ref.platformID.isEmpty ? nil : repositories.values.first {
            $0.ref.platform == ref.platform && $0.ref.platformID == ref.platformID
        }
        let byName = byID ?? repositories.values.first {
            $0.ref.platform == ref.platform && $0.ref.platformID.isEmpty
                && InMemoryStore.caseless($0.ref.fullName) == InMemoryStore.caseless(ref.fullName)
        }
        guard var existing = byName else {
            let repository = Repository(id: nextRepositoryID, ref: ref, isActive: true, createdAt: now, updatedAt: now)
            repositories[repository.id] = repository
            nextRepositoryID += 1
            return repository
        }
        if existing.ref != ref {
            existing.ref = ref
            existing.updatedAt = now
            repositories[existing.id] = existing
            // Jobs show their repository's current name.
            for (id, job) in jobs where job.repositoryID == existing.id { jobs[id]?.repository = ref.fullName }
        }
        return existing
    }
}
