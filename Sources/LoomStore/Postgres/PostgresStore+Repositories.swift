// PostgresStore+Repositories: the repository half of Store on PostgreSQL.

public import LoomCore
internal import LoomPostgres

extension PostgresStore {
    public func repositories() async throws -> [Repository] {
        try PostgresRows.repositories(try await run(PostgresRepositories.all))
    }

    public func repository(platform: Platform, fullName: String) async throws -> Repository? {
        try PostgresRows.repositories(try await run(PostgresRepositories.named(platform: platform, fullName: fullName))).first
    }

    /// Durable; one transaction, so two `loom repos add` of one name at once make one row.
    public func addRepository(_ ref: RepositoryRef, now: Int64) async throws -> Repository {
        try await withConnection { connection in
            try await connection.transaction { try await PostgresRepositories.add(ref, now: now, $0) }
        }
    }

    /// Durable. Every row with that name changes; the one `repository(platform:fullName:)` would
    /// pick (all were just updated, so the newest row) is returned.
    public func setRepositoryActive(platform: Platform, fullName: String, active: Bool, now: Int64) async throws -> Repository? {
        let updated = try await run(PostgresRepositories.setActive(platform: platform, fullName: fullName, active: active, now: now))
        return try PostgresRows.repositories(updated).max { $0.id < $1.id }
    }
}
