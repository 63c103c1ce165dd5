// SQLiteStoreStatistics: how much the SQLite store's threads did, and how well writes batched.

/// Counters since the store opened. `writes / commits` is the average group-commit batch size.
public struct SQLiteStoreStatistics: Sendable, Equatable {
    /// Transactions the writer ran (each one COMMIT, and one fsync when it held a durable write).
    public var commits: Int
    /// Write operations (ingests, claims, results, …) those transactions held.
    public var writes: Int
    /// The most write operations one transaction held.
    public var largestBatch: Int
    /// Read operations run on the reader connection.
    public var reads: Int
    /// Time the writer spent in transactions, and the part of it inside COMMIT (appending to the
    /// log; fsyncs happen on the syncer). The rest of the wall time it waited for work.
    public var writerBusy: Duration
    public var writerCommitting: Duration
    /// CPU time the writer thread used in transactions; far below `writerBusy` means it waited
    /// on the disk (fsync) or for a CPU.
    public var writerCPU: Duration
    /// fsyncs of the log by the syncer, and the time they took. `writes / syncs` is roughly
    /// how many writes one fsync made durable.
    public var syncs: Int
    public var syncing: Duration

    public init(commits: Int = 0, writes: Int = 0, largestBatch: Int = 0, reads: Int = 0,
                writerBusy: Duration = .zero, writerCommitting: Duration = .zero, writerCPU: Duration = .zero,
                syncs: Int = 0, syncing: Duration = .zero) {
        self.commits = commits
        self.writes = writes
        self.largestBatch = largestBatch
        self.reads = reads
        self.writerBusy = writerBusy
        self.writerCommitting = writerCommitting
        self.writerCPU = writerCPU
        self.syncs = syncs
        self.syncing = syncing
    }

    /// Average writes per transaction.
    public var averageBatch: Double { commits == 0 ? 0 : Double(writes) / Double(commits) }
}
