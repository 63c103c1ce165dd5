// EmbeddedStorage: where the embedded default keeps its SQLite file (LOOM_DATA_DIR or a sqlite:// URL).

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomStore

/// Where the embedded default keeps its state: one SQLite file under `LOOM_DATA_DIR`.
struct EmbeddedStorage: Sendable {
    /// Path of the SQLite database file.
    let databasePath: String

    init(settings: Settings) throws {
        if let url = settings.databaseURL, url.hasPrefix("sqlite://") {
            databasePath = String(url.dropFirst("sqlite://".count))
        } else {
            try Self.makeDirectory(settings.dataDirectory)
            databasePath = settings.dataDirectory + "/" + SQLiteStore.defaultFileName
        }
    }

    /// `mkdir -p`.
    static func makeDirectory(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o750) != 0 && errno != EEXIST {
                throw StartupError("LOOM_DATA_DIR: cannot create \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// A problem that stops the process at start-up, with a message naming what to fix.
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
