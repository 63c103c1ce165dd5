// PostgresRepositories: registering, renaming, adopting, finding and enabling repositories on PostgreSQL.

import LoomCore
internal import LoomPostgres

/// Repository statements. Registration is split in two so ingestion can pipeline the lookup
/// with its first round trip and pay for a write only when something changed.
enum PostgresRepositories {
    /// The few columns ingestion needs about a repository.
    struct Registration {
        var id: Int64
        var isActive: Bool
    }

    /// Finds the repository by its platform id, or else the row `loom repos add` made for its
    /// name (placeholder id) — the real id first when both exist.
    static func lookup(_ ref: RepositoryRef) -> PostgresStatement {
        PostgresStatement("""
            SELECT id, platform_id, full_name, is_active FROM repositories
            WHERE platform = $1 AND platform_id IN ($2, $3)
            ORDER BY platform_id = $2 DESC LIMIT 1
            """, [.text(ref.platform.rawValue), .text(ref.platformID),
                  .text(RepositoryPlaceholderID.make(fullName: ref.fullName))])
    }

    /// Completes a registration from `lookup`'s result: follows a rename or adopts a row added
    /// by name (one UPDATE), or inserts the repository, active. Runs inside the caller's transaction.
    static func resolve(_ ref: RepositoryRef, found: PostgresResult, now: Int64,
                        _ connection: PostgresConnection) async throws -> Registration {
        if let row = found.first {
            let registration = Registration(id: try row.decode(0), isActive: try row.decode(3))
            let platformID: String = try row.decode(1)
            let fullName: String = try row.decode(2)
            if platformID != ref.platformID || fullName != ref.fullName {
                _ = try await connection.query(
                    "UPDATE repositories SET platform_id = $1, full_name = $2, updated_at = $3 WHERE id = $4",
                    [.text(ref.platformID), .text(ref.fullName), .int64(now), .int64(registration.id)])
            }
            return registration
        }
        // Two first deliveries of a new repository may race: the second waits for the first's
        // commit on the unique key and then takes its row (following its name if it differs).
        let inserted = try await connection.query("""
            INSERT INTO repositories (platform, platform_id, full_name, is_active, created_at, updated_at)
            VALUES ($1, $2, $3, TRUE, $4, $4)
            ON CONFLICT (platform, platform_id) DO UPDATE SET
                full_name = EXCLUDED.full_name,
                updated_at = CASE WHEN repositories.full_name = EXCLUDED.full_name THEN repositories.updated_at
                                  ELSE EXCLUDED.updated_at END
            RETURNING id, is_active
            """, [.text(ref.platform.rawValue), .text(ref.platformID), .text(ref.fullName), .int64(now)])
        guard let row = inserted.first else { throw PostgresStoreError.corruptValue(column: "repositories.id", value: ref.fullName) }
        return Registration(id: try row.decode(0), isActive: try row.decode(1))
    }

    /// Lookup and resolve in one go (outside ingestion).
    static func register(_ ref: RepositoryRef, now: Int64, _ connection: PostgresConnection) async throws -> Registration {
        let statement = lookup(ref)
        let found = try await connection.query(statement.sql, statement.parameters)
        return try await resolve(ref, found: found, now: now, connection)
    }

    /// `loom repos add`: the existing row (by platform id, or by name when the id is unknown), or
    /// a new active one. Runs inside the caller's transaction.
    static func add(_ ref: RepositoryRef, now: Int64, _ connection: PostgresConnection) async throws -> Repository {
        let id: Int64
        if ref.platformID.isEmpty {
            if let known = try await named(platform: ref.platform, fullName: ref.fullName, connection) { return known }
            let placeholder = RepositoryRef(platform: ref.platform, platformID: RepositoryPlaceholderID.make(fullName: ref.fullName),
                                            fullName: ref.fullName)
            id = try await register(placeholder, now: now, connection).id
        } else {
            id = try await register(ref, now: now, connection).id
        }
        let rows = try await connection.query("SELECT \(PostgresRows.repositoryColumns) FROM repositories WHERE id = $1", [.int64(id)])
        guard let repository = try PostgresRows.repositories(rows).first else {
            throw PostgresStoreError.corruptValue(column: "repositories.id", value: String(id))
        }
        return repository
    }

    /// The repository called `fullName` (case-insensitively); after renames that left two rows
    /// with one name, the most recently updated.
    static func named(platform: Platform, fullName: String) -> PostgresStatement {
        PostgresStatement("""
            SELECT \(PostgresRows.repositoryColumns) FROM repositories
            WHERE platform = $1 AND lower(full_name) = lower($2) ORDER BY updated_at DESC, id DESC LIMIT 1
            """, [.text(platform.rawValue), .text(fullName)])
    }

    static func named(platform: Platform, fullName: String, _ connection: PostgresConnection) async throws -> Repository? {
        let statement = named(platform: platform, fullName: fullName)
        return try PostgresRows.repositories(try await connection.query(statement.sql, statement.parameters)).first
    }

    /// Every repository, by platform and name.
    static let all = PostgresStatement(
        #"SELECT \#(PostgresRows.repositoryColumns) FROM repositories ORDER BY platform, full_name COLLATE "C", id"#)

    /// Enables or disables the repositories called `fullName`, returning the updated rows.
    static func setActive(platform: Platform, fullName: String, active: Bool, now: Int64) -> PostgresStatement {
        PostgresStatement("""
            UPDATE repositories SET is_active = $1, updated_at = $2
            WHERE platform = $3 AND lower(full_name) = lower($4)
            RETURNING \(PostgresRows.repositoryColumns)
            """, [.bool(active), .int64(now), .text(platform.rawValue), .text(fullName)])
    }
}
