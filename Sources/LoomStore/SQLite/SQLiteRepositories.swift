// SQLiteRepositories: registering, renaming, finding and enabling repositories.

import LoomCore
internal import LoomSQLite

/// Repository statements, run on the writer (upserts) or the reader (lookups).
enum SQLiteRepositories {
    /// The few columns ingestion needs about a repository.
    struct Registration {
        var id: Int64
        var isActive: Bool
    }

    /// Finds the repository by its platform id, adopting a row added by name if there is one,
    /// or registers it (active). Renames update `full_name`. Served from the connection's cache
    /// when possible: this runs for every delivery.
    static func register(_ ref: RepositoryRef, now: Int64, _ cache: SQLiteConnection) throws -> Registration {
        let key = SQLiteConnection.RepositoryKey(platform: ref.platform, platformID: ref.platformID)
        if let known = cache.repositories[key], known.fullName == ref.fullName {
            return Registration(id: known.id, isActive: known.isActive)
        }
        let registration = try lookUpOrInsert(ref, now: now, cache)
        cache.remember(key, .init(id: registration.id, fullName: ref.fullName, isActive: registration.isActive))
        return registration
    }

    private static func lookUpOrInsert(_ ref: RepositoryRef, now: Int64, _ cache: SQLiteConnection) throws -> Registration {
        if let found = try find(platform: ref.platform, platformID: ref.platformID, cache) {
            if found.fullName != ref.fullName {
                try rename(id: found.id, platformID: ref.platformID, fullName: ref.fullName, now: now, cache)
            }
            return Registration(id: found.id, isActive: found.isActive)
        }
        let placeholder = RepositoryPlaceholderID.make(fullName: ref.fullName)
        if let added = try find(platform: ref.platform, platformID: placeholder, cache) {
            try rename(id: added.id, platformID: ref.platformID, fullName: ref.fullName, now: now, cache)
            return Registration(id: added.id, isActive: added.isActive)
        }
        let insert = try cache.statement("""
            INSERT INTO repositories (platform, platform_id, full_name, is_active, created_at, updated_at)
            VALUES (?1, ?2, ?3, 1, ?4, ?4)
            """)
        try insert.bind(ref.platform.rawValue, at: 1)
        try insert.bind(ref.platformID, at: 2)
        try insert.bind(ref.fullName, at: 3)
        try insert.bind(now, at: 4)
        try insert.run()
        return Registration(id: cache.database.lastInsertRowID, isActive: true)
    }

    /// `loom repos add`: the existing row (by platform id, or by name when the id is unknown), or
    /// a new active one.
    static func add(_ ref: RepositoryRef, now: Int64, _ cache: SQLiteConnection) throws -> Repository {
        // Adoption and renames may change rows other cache entries describe.
        cache.forgetCachedRows()
        let id: Int64
        if ref.platformID.isEmpty {
            if let known = try named(platform: ref.platform, fullName: ref.fullName, cache) { return known }
            let placeholder = RepositoryRef(platform: ref.platform, platformID: RepositoryPlaceholderID.make(fullName: ref.fullName),
                                            fullName: ref.fullName)
            id = try register(placeholder, now: now, cache).id
        } else {
            id = try register(ref, now: now, cache).id
        }
        let select = try cache.statement(SQLiteRows.repositorySelect + " WHERE id = ?1")
        try select.bind(id, at: 1)
        guard let repository = try SQLiteRows.repositories(select).first else {
            throw SQLiteStoreError.corruptValue(column: "repositories.id", value: String(id))
        }
        return repository
    }

    /// The repository called `fullName` (case-insensitively); after renames that left two rows
    /// with one name, the most recently updated.
    static func named(platform: Platform, fullName: String, _ cache: SQLiteConnection) throws -> Repository? {
        let select = try cache.statement(SQLiteRows.repositorySelect + """
             WHERE platform = ?1 AND full_name = ?2 COLLATE NOCASE ORDER BY updated_at DESC, id DESC LIMIT 1
            """)
        try select.bind(platform.rawValue, at: 1)
        try select.bind(fullName, at: 2)
        return try SQLiteRows.repositories(select).first
    }

    /// Every repository, by platform and name.
    static func all(_ cache: SQLiteConnection) throws -> [Repository] {
        try SQLiteRows.repositories(try cache.statement(SQLiteRows.repositorySelect + " ORDER BY platform, full_name, id"))
    }

    /// Enables or disables the repositories called `fullName`; the updated one, nil when unknown.
    static func setActive(platform: Platform, fullName: String, active: Bool, now: Int64,
                          _ cache: SQLiteConnection) throws -> Repository? {
        cache.forgetCachedRows()
        let update = try cache.statement("""
            UPDATE repositories SET is_active = ?1, updated_at = ?2 WHERE platform = ?3 AND full_name = ?4 COLLATE NOCASE
            """)
        try update.bind(active ? 1 : 0, at: 1)
        try update.bind(now, at: 2)
        try update.bind(platform.rawValue, at: 3)
        try update.bind(fullName, at: 4)
        guard try update.run() > 0 else { return nil }
        return try named(platform: platform, fullName: fullName, cache)
    }

    private struct Found {
        var id: Int64
        var fullName: String
        var isActive: Bool
    }

    private static func find(platform: Platform, platformID: String, _ cache: SQLiteConnection) throws -> Found? {
        let select = try cache.statement("SELECT id, full_name, is_active FROM repositories WHERE platform = ?1 AND platform_id = ?2")
        try select.bind(platform.rawValue, at: 1)
        try select.bind(platformID, at: 2)
        return try select.withReset { row in
            guard try row.step() else { return nil }
            return Found(id: row.int64(0), fullName: row.text(1) ?? "", isActive: row.int64(2) != 0)
        }
    }

    private static func rename(id: Int64, platformID: String, fullName: String, now: Int64, _ cache: SQLiteConnection) throws {
        let update = try cache.statement("UPDATE repositories SET platform_id = ?1, full_name = ?2, updated_at = ?3 WHERE id = ?4")
        try update.bind(platformID, at: 1)
        try update.bind(fullName, at: 2)
        try update.bind(now, at: 3)
        try update.bind(id, at: 4)
        try update.run()
    }
}
