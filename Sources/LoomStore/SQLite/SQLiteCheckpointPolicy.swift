// SQLiteCheckpointPolicy: when to copy the write-ahead log into the database file, and on which thread.

internal import LoomSQLite
import Synchronization

/// Keeps checkpoints off the writer thread.
///
/// SQLite's automatic checkpoint runs inside the COMMIT that crosses 1000 log frames: the
/// committing thread copies the pages into the database file and fsyncs it twice, so every few
/// batches one batch of webhooks waits several fsyncs longer. Instead, after each commit the
/// writer looks at the log size: past `backgroundFrames` it asks the checkpointer thread (its
/// own connection) for a PASSIVE checkpoint, which copies beside the writer without blocking it.
///
/// A passive checkpoint cannot restart the log while the writer keeps appending, so under
/// sustained load the log would only grow. Past `inlineFrames` the writer therefore checkpoints
/// itself, between its transactions: by then the checkpointer has copied most frames, so this
/// is short, and the next transaction starts the log over from its beginning.
final class SQLiteCheckpointPolicy: Sendable {
    static let backgroundFrames = 1_000
    static let inlineFrames = 8_000

    private let checkpointer: SQLiteThread
    private let pending = Atomic<Bool>(false)

    init(checkpointer: SQLiteThread) {
        self.checkpointer = checkpointer
    }

    /// Installs the policy on the writer's connection (on the writer thread).
    func install(on database: SQLiteDatabase) {
        database.setWALCommitHandler { [unowned database, self] frames in
            self.committed(frames: frames, database)
        }
    }

    private func committed(frames: Int, _ database: SQLiteDatabase) {
        if frames >= Self.inlineFrames {
            // Errors are not the committing batch's concern; the next commit tries again.
            _ = try? database.checkpoint(.passive)
            return
        }
        guard frames >= Self.backgroundFrames, !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let operation = SQLiteOperation(
            durable: false,
            run: { cache in _ = try cache.database.checkpoint(.passive) },
            complete: { [self] _ in pending.store(false, ordering: .releasing) })
        if !checkpointer.submit(operation) { pending.store(false, ordering: .releasing) }
    }
}
