// EventLoopGroup: N event loops, each on its own thread, started and stopped together.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import Synchronization

/// A fixed set of loops, one thread each (normally one per core).
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let threads = Mutex<[LoopThread]>([])
    private let cursor = Atomic<Int>(0)

    /// Creates `count` loops; they do nothing until `start()`.
    public init(loopCount count: Int) throws {
        precondition(count > 0, "an event loop group needs at least one loop")
        loops = try (0..<count).map { try EventLoop(index: $0) }
    }

    /// The number of online CPUs, the default loop count.
    public static var onlineProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Starts one thread per loop.
    public func start(namePrefix: String = "loom-loop") throws {
        try threads.withLock { threads in
            guard threads.isEmpty else { return }
            for loop in loops {
                threads.append(try LoopThread(name: "\(namePrefix)-\(loop.index)") { loop.run() })
            }
        }
    }

    /// Picks loops round-robin, for spreading outbound work.
    public func next() -> EventLoop {
        loops[cursor.wrappingAdd(1, ordering: .relaxed).oldValue % loops.count]
    }

    /// Stops every loop and waits for its thread to finish.
    public func shutdown() {
        let running = threads.withLock { threads -> [LoopThread] in
            defer { threads.removeAll() }
            return threads
        }
        for loop in loops { loop.stop() }
        for thread in running { thread.join() }
    }
}
