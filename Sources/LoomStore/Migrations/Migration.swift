// Migration: one versioned, named schema change, written once per SQL dialect.

/// A schema change applied once, in order, and recorded in `schema_migrations`.
///
/// Each dialect (SQLite now, PostgreSQL later) has its own list with the SAME versions and
/// names, so both databases always have the same logical schema at a given version.
public struct Migration: Sendable, Equatable {
    /// Strictly increasing from 1, without gaps.
    public var version: Int
    /// A short snake_case name, stored beside the version so a mismatch is caught at start.
    public var name: String
    /// One or more statements, applied in one transaction together with the bookkeeping row.
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why migrations could not run.
public enum MigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database was migrated by a newer Loom; this one does not know `version`.
    case unknownVersion(Int)
    /// `version` is recorded under another name: the migration list was edited after release.
    case nameMismatch(version: Int, recorded: String, expected: String)

    public var description: String {
        switch self {
        case .unknownVersion(let version):
            "the database has schema version \(version), newer than this Loom knows; upgrade Loom or restore a backup"
        case .nameMismatch(let version, let recorded, let expected):
            "schema_migrations records version \(version) as '\(recorded)' but this Loom calls it '\(expected)'"
        }
    }
}
