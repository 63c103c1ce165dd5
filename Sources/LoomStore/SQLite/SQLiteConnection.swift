// SQLiteConnection: one thread's connection with its prepared statements and cached repository rows.

import LoomCore
internal import LoomSQLite

/// What an operation gets to work with on an SQLite thread.
///
/// Besides the statements it caches the repository rows ingestion looks up on every delivery
/// (on the writer only). The cache is dropped whenever it could be wrong: after a failed write
/// (its changes were rolled back), after repository changes, and when another connection —
/// `loom repos disable` in another process — committed since the last batch, which
/// `PRAGMA data_version` reveals (it changes only for other connections' commits).
final class SQLiteConnection {
    /// The repository facts ingestion needs, by (platform, platform id).
    struct RepositoryKey: Hashable {
        var platform: Platform
        var platformID: String
    }

    struct CachedRepository {
        var id: Int64
        var fullName: String
        var isActive: Bool
    }

    let statements: SQLiteStatementCache
    var repositories: [RepositoryKey: CachedRepository] = [:]
    private var dataVersion: Int64?

    /// Above this many repositories the cache starts over rather than grow without bound.
    static let repositoryCacheLimit = 10_000

    init(database: SQLiteDatabase) {
        statements = SQLiteStatementCache(database: database)
    }

    var database: SQLiteDatabase { statements.database }

    /// The prepared statement for `sql` (see `SQLiteStatementCache`).
    func statement(_ sql: String) throws -> SQLiteStatement {
        try statements.statement(sql)
    }

    /// Drops cached rows if another connection committed since the last call.
    func noticeOtherWriters() throws {
        let version = try statement("PRAGMA data_version").withReset { row in try row.step() ? row.int64(0) : 0 }
        if version != dataVersion {
            forgetCachedRows()
            dataVersion = version
        }
    }

    func forgetCachedRows() {
        repositories.removeAll(keepingCapacity: true)
    }

    func remember(_ key: RepositoryKey, _ repository: CachedRepository) {
        if repositories.count >= Self.repositoryCacheLimit { repositories.removeAll() }
        repositories[key] = repository
    }

    /// Releases the statements (before the connection closes).
    func close() {
        repositories.removeAll()
        statements.removeAll()
    }
}
