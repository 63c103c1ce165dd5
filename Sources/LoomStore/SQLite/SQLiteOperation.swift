// SQLiteOperation: one unit of work for an SQLite thread and the callback that reports its end.

internal import LoomSQLite

/// Work handed to an `SQLiteThread`. `run` executes on that thread against its connection;
/// `complete` is called exactly once afterwards, with nil on success or the error that failed
/// this operation: for writes only after the batch's COMMIT returned, and for durable writes
/// only after the syncer's fsync (then on a syncer thread).
///
/// Unchecked Sendable: the closures are created on the caller's side and called on one SQLite
/// thread at a time, with the queues' mutexes ordering the hand-overs.
final class SQLiteOperation: @unchecked Sendable {
    /// True when the caller may only continue after the data reached the disk (fsync): webhook
    /// ingestion, operator actions, migrations. False for queue bookkeeping the queue can redo
    /// after a power cut (claims, lease renewals, job results); see `SQLiteThread+GroupCommit`.
    let durable: Bool
    /// True for work that manages its own transactions (migrations): the writer runs it alone,
    /// outside any batch.
    let standalone: Bool
    let run: (SQLiteConnection) throws -> Void
    let complete: ((any Error)?) -> Void

    init(durable: Bool, standalone: Bool = false, run: @escaping (SQLiteConnection) throws -> Void, complete: @escaping ((any Error)?) -> Void) {
        self.durable = durable
        self.standalone = standalone
        self.run = run
        self.complete = complete
    }
}

/// Holds an operation's result between `run` and `complete`.
final class OperationResult<Value>: @unchecked Sendable {
    var value: Value?
}
