// SQLiteTestStore: SQLite stores in throwaway directories, and their cleanup.

#if canImport(Glibc)
import Glibc
#endif
import LoomStore
import LoomTestSupport

enum SQLiteTestStore {
    /// A fresh store in a new temporary directory (not migrated).
    @Sendable static func make() async throws -> any Store {
        try await open(path: freshPath())
    }

    /// Closes the store and deletes its files.
    @Sendable static func dispose(_ store: any Store) async {
        await store.close()
        if let sqlite = store as? SQLiteStore { remove(sqlite.path) }
    }

    static func open(path: String) async throws -> SQLiteStore {
        try await SQLiteStore.open(path: path)
    }

    /// A database path inside a new temporary directory.
    static func freshPath() -> String {
        makeTemporaryDirectory("loom-store") + "/" + SQLiteStore.defaultFileName
    }

    /// Deletes the directory holding `path` and the files in it (the database, -wal, -shm).
    static func remove(_ path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = String(path[..<slash])
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        rmdir(directory)
    }
}
