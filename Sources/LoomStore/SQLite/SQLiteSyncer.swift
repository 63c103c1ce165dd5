// SQLiteSyncer: makes committed writes durable with fdatasync of the WAL, beside the writer thread.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
internal import LoomReactor
import Synchronization

/// The fsync half of group commit, on threads of its own.
///
/// The writer commits with `synchronous=NORMAL`: COMMIT appends the transaction to the
/// write-ahead log (in the OS page cache) and returns without an fsync. Durable operations
/// (ingestion, operator actions) are then handed here, and completed only after an
/// `fdatasync` of the log file that STARTED after their COMMIT returned — so everything they
/// wrote, and everything committed before them, is on disk. Meanwhile the writer already runs
/// the next batch: fsync latency (milliseconds on a busy virtual disk) no longer stalls it.
///
/// Two threads take turns: while one waits in fdatasync, the other takes the operations
/// committed meanwhile and starts its own, instead of making them wait a whole fsync for their
/// turn. Concurrent fsyncs of one file overlap in the kernel (the block layer merges their
/// cache flushes). Each operation still waits for an fsync begun after its own COMMIT, which
/// covers every earlier commit too, whichever thread ran it.
///
/// This is what `synchronous=FULL` does inside COMMIT, moved off the writer. SQLite's own
/// checkpoints still sync the log before copying it into the database file, so the database
/// file never holds a transaction the log did not durably hold first.
///
/// An fsync failure is sticky: the kernel may have dropped the unwritten pages, so no later
/// fsync can vouch for them. Every durable write from then on fails, and `ping` reports it.
final class SQLiteSyncer: @unchecked Sendable {
    struct Statistics: Sendable {
        var syncs = 0
        var syncNanoseconds: Int64 = 0
    }

    static let threadCount = 2

    let logPath: String
    let statistics = Mutex(Statistics())
    private let queue = BlockingQueue<SQLiteOperation>()
    private let failure = Mutex<(any Error)?>(nil)
    private let exit = Mutex<(running: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let threads = Mutex<[LoopThread]>([])
    private let clock = SystemClock()

    /// Starts the threads for the database at `databasePath` (its log is `<path>-wal`).
    init(databasePath: String) throws {
        logPath = databasePath + "-wal"
        for index in 0..<Self.threadCount {
            exit.withLock { $0.running += 1 }
            do {
                let thread = try LoopThread(name: "loom-sql-sync\(index)") { [self] in main() }
                threads.withLock { $0.append(thread) }
            } catch {
                exit.withLock { $0.running -= 1 }
                queue.close()
                throw error
            }
        }
    }

    /// The error that made the store unable to promise durability, if any.
    var failed: (any Error)? { failure.withLock { $0 } }

    /// Completes `operations` after an fsync (or at once with an error).
    func submit(_ operations: [SQLiteOperation]) {
        if let error = failed {
            for operation in operations { operation.complete(error) }
        } else if !queue.push(contentsOf: operations) {
            for operation in operations { operation.complete(SQLiteStoreError.closed) }
        }
    }

    /// Syncs and completes what is queued, then ends the threads.
    func close() async {
        queue.close()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let exited = exit.withLock { state -> Bool in
                if state.running == 0 { return true }
                state.waiters.append(done)
                return false
            }
            if exited { done.resume() }
        }
        // The threads have returned from their bodies, so joining does not block.
        for thread in threads.withLock({ handles in defer { handles = [] }; return handles }) { thread.join() }
    }

    private func main() {
        var log = LogFile(path: logPath)
        while let operations = queue.takeAll(limit: Int.max) {
            let error = failed ?? sync(&log)
            for operation in operations { operation.complete(error) }
        }
        log.close()
        let waiters = exit.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            return state.running == 0 ? state.waiters : []
        }
        for waiter in waiters { waiter.resume() }
    }

    private func sync(_ log: inout LogFile) -> (any Error)? {
        let started = clock.now()
        do {
            try log.sync()
            statistics.withLock {
                $0.syncs += 1
                $0.syncNanoseconds += Int64(clock.now().nanoseconds - started.nanoseconds)
            }
            return nil
        } catch {
            failure.withLock { if $0 == nil { $0 = error } }
            return error
        }
    }

    /// One thread's descriptor for the log file.
    private struct LogFile {
        let path: String
        var descriptor: Int32 = -1

        /// fdatasync of the file now at `path`, reopening it if it was replaced: SQLite keeps the
        /// log while a connection is open, but an fsync of a replaced file would promise nothing.
        mutating func sync() throws {
            var onDisk = stat()
            guard stat(path, &onDisk) == 0 else { throw SystemError(code: errno, call: "stat \(path)") }
            var open = stat()
            if descriptor < 0 || fstat(descriptor, &open) != 0 || open.st_ino != onDisk.st_ino || open.st_dev != onDisk.st_dev {
                close()
                descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw SystemError(code: errno, call: "open \(path)") }
            }
            guard fdatasync(descriptor) == 0 else { throw SystemError(code: errno, call: "fdatasync \(path)") }
        }

        mutating func close() {
            if descriptor >= 0 { Glibc.close(descriptor) }
            descriptor = -1
        }
    }
}
