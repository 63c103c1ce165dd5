// EventLoop: one epoll loop on one thread: I/O readiness, timers and work posted from other threads.

#if canImport(Glibc)
import Glibc
#endif
internal import CLoomSys
public import LoomCore
import Synchronization

/// A single-threaded reactor over epoll.
///
/// Everything registered with a loop — descriptors, timers, local work — is touched only on the
/// loop's thread. Other threads reach it by `execute(_:)`, which queues the work and wakes the loop
/// through an eventfd. Handlers must never block: a blocked loop stalls every connection it owns.
public final class EventLoop: @unchecked Sendable {
    /// Position in its group, for logs and thread names.
    public let index: Int
    /// Monotonic clock used for timers.
    public let clock = SystemClock()

    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let loopThread = Atomic<UInt>(0)
    private let stopRequested = Atomic<Bool>(false)

    // Loop-thread state.
    private var registrations = RegistrationTable()
    private var timers = TimerHeap()
    private var localWork: [() -> Void] = []
    // Emptied arrays swapped with the queues so draining them allocates nothing.
    private var spareInbox: [@Sendable () -> Void] = []
    private var spareLocal: [() -> Void] = []
    private var events: UnsafeMutablePointer<loom_epoll_event>
    private static let maxEventsPerWait: Int32 = 256
    private static let wakeTag = UInt64.max

    /// Creates a loop; call `run()` on the thread that will own it (or use `EventLoopGroup`).
    public init(index: Int = 0) throws {
        self.index = index
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SystemError.last("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = SystemError.last("eventfd")
            close(epollFD)
            throw error
        }
        events = .allocate(capacity: Int(Self.maxEventsPerWait))
        guard loom_epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue, Self.wakeTag) == 0 else {
            let error = SystemError.last("epoll_ctl(eventfd)")
            close(wakeFD)
            close(epollFD)
            throw error
        }
    }

    deinit {
        events.deallocate()
        close(wakeFD)
        close(epollFD)
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool {
        let owner = loopThread.load(ordering: .acquiring)
        return owner != 0 && owner == UInt(pthread_self())
    }

    /// Number of live registrations (loop thread only); for tests and metrics.
    public var registrationCount: Int { registrations.count }

    // MARK: Descriptors

    /// Starts watching `fd` for `interest`, calling `handler` on this thread (loop thread only).
    public func register(fd: Int32, interest: IOInterest, handler: any EventHandler) throws -> Registration {
        let registration = registrations.insert(fd: fd, handler: handler)
        guard loom_epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, interest.rawValue, registration.tag) == 0 else {
            let error = SystemError.last("epoll_ctl(ADD)")
            _ = registrations.remove(registration)
            throw error
        }
        return registration
    }

    /// Changes what a registration listens for (loop thread only).
    public func modify(_ registration: Registration, interest: IOInterest) throws {
        guard registrations.isCurrent(registration) else { return }
        guard loom_epoll_ctl(epollFD, EPOLL_CTL_MOD, registration.fd, interest.rawValue, registration.tag) == 0 else {
            throw SystemError.last("epoll_ctl(MOD)")
        }
    }

    /// Stops watching; the caller closes the descriptor afterwards (loop thread only).
    /// Events already fetched for this registration are dropped.
    public func deregister(_ registration: Registration) {
        guard registrations.remove(registration) else { return }
        _ = loom_epoll_ctl(epollFD, EPOLL_CTL_DEL, registration.fd, 0, 0)
    }

    // MARK: Timers

    /// Calls `callback` on this loop at or soon after `deadline` (loop thread only).
    @discardableResult
    public func scheduleTimer(at deadline: Instant, _ callback: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, callback)
    }

    /// Cancels a timer (loop thread only).
    public func cancelTimer(_ id: TimerID) {
        timers.cancel(id)
    }

    // MARK: Work

    /// Runs `work` on this loop's thread, soon. Safe from any thread.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        if inEventLoop {
            localWork.append(work)
            return
        }
        let wasEmpty = inbox.withLock { queue in
            queue.append(work)
            return queue.count == 1
        }
        if wasEmpty { wake() }
    }

    /// Runs `work` on this loop and returns its result to the caller's task.
    public func submit<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            execute { continuation.resume(with: Result { try work() }) }
        }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: Running

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        loopThread.store(UInt(pthread_self()), ordering: .releasing)
        defer { loopThread.store(0, ordering: .releasing) }
        while !stopRequested.load(ordering: .acquiring) {
            let count = loom_epoll_wait(epollFD, events, Self.maxEventsPerWait, waitTimeout())
            if count < 0 && errno != EINTR {
                fatalError("epoll_wait failed: \(SystemError.last("epoll_wait"))")
            }
            for position in 0..<Int(max(count, 0)) {
                let event = events[position]
                if event.data == Self.wakeTag {
                    drainWakeFD()
                } else if let handler = registrations.handler(forTag: event.data) {
                    handler.handle(events: IOEvents(rawValue: event.events))
                }
            }
            runDueTimers()
            runQueuedWork()
        }
        runQueuedWork()
    }

    /// Asks the loop to return from `run()` after its current iteration. Safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Milliseconds epoll may sleep: 0 with local work pending, until the next timer, or forever.
    private func waitTimeout() -> Int32 {
        if !localWork.isEmpty { return 0 }
        guard let deadline = timers.nextDeadline() else { return -1 }
        let now = clock.now()
        guard deadline > now else { return 0 }
        // Round up so a timer never fires early; epoll's resolution is a millisecond.
        let milliseconds = (deadline.nanoseconds - now.nanoseconds + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private func drainWakeFD() {
        var value: UInt64 = 0
        _ = read(wakeFD, &value, 8)
    }

    private func runDueTimers() {
        guard !timers.isEmpty else { return }
        for callback in timers.popExpired(now: clock.now()) { callback() }
    }

    private func runQueuedWork() {
        // Work may queue more work; bound each pass so I/O is not starved by a busy producer.
        for _ in 0..<4 {
            // Hand the queues an empty spare and take their contents, so neither buffer is shared.
            var remote: [@Sendable () -> Void] = []
            swap(&remote, &spareInbox)
            inbox.withLock { swap(&$0, &remote) }
            var local: [() -> Void] = []
            swap(&local, &spareLocal)
            swap(&localWork, &local)
            if remote.isEmpty && local.isEmpty { return }
            for work in remote { work() }
            for work in local { work() }
            remote.removeAll(keepingCapacity: true)
            local.removeAll(keepingCapacity: true)
            spareInbox = remote
            spareLocal = local
        }
    }
}
