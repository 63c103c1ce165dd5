// SQLiteDatabase+WAL: write-ahead-log hooks and checkpoints, for moving checkpoints off the writer.

internal import CSQLite

/// How hard a checkpoint tries (see SQLite's `sqlite3_wal_checkpoint_v2`).
public enum SQLiteCheckpointMode: Sendable {
    /// Copies what it can without waiting for anyone; never blocks readers or the writer.
    case passive
    /// Waits for the writer and readers, then copies everything.
    case full
    /// Like `full`, then waits until the log can start over from its beginning.
    case restart
    /// Like `restart`, then truncates the log file to zero bytes.
    case truncate

    var code: Int32 {
        switch self {
        case .passive: SQLITE_CHECKPOINT_PASSIVE
        case .full: SQLITE_CHECKPOINT_FULL
        case .restart: SQLITE_CHECKPOINT_RESTART
        case .truncate: SQLITE_CHECKPOINT_TRUNCATE
        }
    }
}

/// What a checkpoint found and did.
public struct SQLiteCheckpointResult: Sendable, Equatable {
    /// Frames in the write-ahead log.
    public var logFrames: Int
    /// Frames of those already copied into the database file.
    public var checkpointedFrames: Int
}

extension SQLiteDatabase {
    private final class CommitHandler {
        let body: (Int) -> Void
        init(_ body: @escaping (Int) -> Void) { self.body = body }
    }

    /// Calls `body` on the committing thread after each commit in WAL mode, with the number of
    /// frames now in the log. This REPLACES SQLite's automatic checkpoints: `body` decides when
    /// to checkpoint (it may call `checkpoint` on this connection). Nil restores nothing: set
    /// `PRAGMA wal_autocheckpoint` again for automatic checkpoints.
    public func setWALCommitHandler(_ body: ((Int) -> Void)?) {
        guard let body else {
            sqlite3_wal_hook(handle, nil, nil)
            walCommitHandler = nil
            return
        }
        let handler = CommitHandler(body)
        walCommitHandler = handler
        sqlite3_wal_hook(handle, { context, _, _, frames in
            Unmanaged<CommitHandler>.fromOpaque(context!).takeUnretainedValue().body(Int(frames))
            return SQLITE_OK
        }, Unmanaged.passUnretained(handler).toOpaque())
    }

    /// Copies write-ahead-log frames into the database file. A passive checkpoint that finds
    /// another checkpoint running returns without error, having done nothing.
    @discardableResult
    public func checkpoint(_ mode: SQLiteCheckpointMode) throws -> SQLiteCheckpointResult {
        var logFrames: Int32 = 0
        var checkpointed: Int32 = 0
        let result = sqlite3_wal_checkpoint_v2(handle, nil, mode.code, &logFrames, &checkpointed)
        guard result == SQLITE_OK || (result == SQLITE_BUSY && mode == .passive) else {
            throw error(result, "checkpoint")
        }
        return SQLiteCheckpointResult(logFrames: Int(logFrames), checkpointedFrames: Int(checkpointed))
    }
}
