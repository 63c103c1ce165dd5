// SQLiteThread: a dedicated thread owning one SQLite connection and running operations queued to it.

import LoomCore
internal import LoomReactor
internal import LoomSQLite
import Synchronization

/// One connection, one thread, one queue. SQLite calls block on disk I/O, so they run here and
/// never on Swift's cooperative pool or an event loop; callers await a continuation the thread
/// resumes.
///
/// The writer runs each batch of pending operations as ONE transaction (group commit) and hands
/// the durable ones to the `SQLiteSyncer`; the reader runs operations one by one, beside the
/// writer, which WAL allows; the checkpointer runs WAL checkpoints.
final class SQLiteThread: @unchecked Sendable {
    enum Role: Sendable {
        case writer
        case reader
        /// Runs WAL checkpoints beside the writer (see `SQLiteCheckpointPolicy`).
        case checkpointer
    }

    /// Counters for tests, logs and the benchmark (group commit's effect is visible here).
    struct Statistics: Sendable, Equatable {
        /// Transactions committed (or attempted) by the writer; operations run by the reader.
        var batches: Int = 0
        var operations: Int = 0
        var largestBatch: Int = 0
        /// Time spent running batches (writer: BEGIN to COMMIT included), inside COMMIT alone
        /// (appending to the log), and on a CPU.
        var busyNanoseconds: Int64 = 0
        var commitNanoseconds: Int64 = 0
        var cpuNanoseconds: Int64 = 0
    }

    let role: Role
    let path: String
    let queue = BlockingQueue<SQLiteOperation>()
    let statistics = Mutex(Statistics())
    /// Times batches for the statistics (monotonic; never stored).
    let clock = SystemClock()
    /// Where the writer sends durable operations after their COMMIT (nil for other roles).
    let syncer: SQLiteSyncer?
    private let state = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    private let thread = Mutex<LoopThread?>(nil)

    /// More operations than this wait for the next transaction, so one commit's latency stays bounded.
    static let batchLimit = 1024

    private init(role: Role, path: String, syncer: SQLiteSyncer?) {
        self.role = role
        self.path = path
        self.syncer = syncer
    }

    /// Starts the thread and opens its connection there; throws what opening threw.
    static func start(role: Role, path: String, name: String, syncer: SQLiteSyncer? = nil) async throws -> SQLiteThread {
        let owner = SQLiteThread(role: role, path: path, syncer: syncer)
        try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, any Error>) in
            do {
                let started = try LoopThread(name: name) { owner.main(opened: opened) }
                owner.thread.withLock { $0 = started }
            } catch {
                opened.resume(throwing: error)
            }
        }
        return owner
    }

    /// Queues `operation`; false once the thread is closing.
    func submit(_ operation: SQLiteOperation) -> Bool {
        queue.push(operation)
    }

    /// Finishes queued operations, closes the connection and ends the thread.
    func close() async {
        queue.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let alreadyExited = state.withLock { state -> Bool in
                if state.exited { return true }
                state.waiters.append(done)
                return false
            }
            if alreadyExited { done.resume() }
        }
        // The thread has returned from its body, so this join does not block; taking the handle
        // out first makes a second close() skip it.
        thread.withLock { handle in
            let finished = handle
            handle = nil
            return finished
        }?.join()
    }

    private func main(opened: CheckedContinuation<Void, any Error>) {
        do {
            let connection = try openConnection()
            opened.resume()
            serve(SQLiteConnection(database: connection))
        } catch {
            queue.close()
            opened.resume(throwing: error)
            // Nothing can be queued before start() returned, but stay correct if that changes.
            while let batch = queue.takeAll(limit: Self.batchLimit) {
                for operation in batch { operation.complete(error) }
            }
        }
        let waiters = state.withLock { state in
            state.exited = true
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs batches until the queue is closed and drained. Statements and then the connection are
    /// released when `cache` goes out of scope here, on the thread that used them.
    private func serve(_ cache: SQLiteConnection) {
        while let batch = queue.takeAll(limit: Self.batchLimit) {
            switch role {
            case .writer where batch.contains(where: \.standalone):
                // Rare (start-up): keep arrival order, running standalone work between groups.
                var group: [SQLiteOperation] = []
                for operation in batch {
                    guard operation.standalone else { group.append(operation); continue }
                    if !group.isEmpty { commitGroup(group, cache) }
                    group.removeAll()
                    runEach([operation], cache)
                }
                if !group.isEmpty { commitGroup(group, cache) }
            case .writer: commitGroup(batch, cache)
            case .reader, .checkpointer: runEach(batch, cache)
            }
        }
        cache.close()
    }

    private func runEach(_ batch: [SQLiteOperation], _ cache: SQLiteConnection) {
        // Counted before anyone is resumed, so a caller reading the statistics sees its own work.
        record(batchSize: batch.count)
        var errors: [(any Error)?] = []
        errors.reserveCapacity(batch.count)
        for operation in batch {
            do {
                try operation.run(cache)
                errors.append(nil)
            } catch {
                errors.append(error)
            }
        }
        finish(batch, errors)
    }

    /// Reports each operation's end: failures and non-durable work at once, durable writes
    /// after the syncer's next fsync.
    func finish(_ batch: [SQLiteOperation], _ errors: [(any Error)?]) {
        guard let syncer else {
            for index in batch.indices { batch[index].complete(errors[index]) }
            return
        }
        var durable: [SQLiteOperation] = []
        for index in batch.indices {
            if errors[index] == nil, batch[index].durable {
                durable.append(batch[index])
            } else {
                batch[index].complete(errors[index])
            }
        }
        if !durable.isEmpty { syncer.submit(durable) }
    }

    func record(batchSize: Int, busy: Int64 = 0, commit: Int64 = 0, cpu: Int64 = 0) {
        statistics.withLock {
            $0.batches += role == .writer ? 1 : batchSize
            $0.operations += batchSize
            $0.largestBatch = max($0.largestBatch, batchSize)
            $0.busyNanoseconds += busy
            $0.commitNanoseconds += commit
            $0.cpuNanoseconds += cpu
        }
    }
}
