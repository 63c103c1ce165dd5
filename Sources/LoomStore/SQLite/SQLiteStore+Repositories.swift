// SQLiteStore+Repositories: the repository half of Store.

public import LoomCore

extension SQLiteStore {
    public func repositories() async throws -> [Repository] {
        try await read { try SQLiteRepositories.all($0) }
    }

    public func repository(platform: Platform, fullName: String) async throws -> Repository? {
        try await read { try SQLiteRepositories.named(platform: platform, fullName: fullName, $0) }
    }

    public func addRepository(_ ref: RepositoryRef, now: Int64) async throws -> Repository {
        try await write(durable: true) { try SQLiteRepositories.add(ref, now: now, $0) }
    }

    public func setRepositoryActive(platform: Platform, fullName: String, active: Bool, now: Int64) async throws -> Repository? {
        try await write(durable: true) {
            try SQLiteRepositories.setActive(platform: platform, fullName: fullName, active: active, now: now, $0)
        }
    }
}
