// EventLoopTests: reactor regressions: stale events after fd reuse, cross-thread wake, timers, executor.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomReactor
import Synchronization
import LoomTestSupport
import Testing

@Suite("Event loop")
struct EventLoopTests {
    @Test("an event fetched for a closed descriptor never reaches the new owner of its number")
    func closedAndReusedDescriptor() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        defer { group.shutdown() }
        let loop = group.loops[0]
        let log = CallLog()
        let reused = Mutex<(old: Int32, new: Int32)>((-1, -2))

        try await loop.submit {
            let victim = Pipe()
            let killer = Pipe()
            let victimHandler = LoggingHandler(name: "victim", fd: victim.read, log: log)
            let victimRegistration = try loop.register(fd: victim.read, interest: .read, handler: victimHandler)
            let killerHandler = LoggingHandler(name: "killer", fd: killer.read, log: log)
            killerHandler.onEvent = {
                // Runs in the same epoll batch as the victim's pending event: close it and let the
                // kernel hand its number to a fresh pipe registered with a new handler.
                loop.deregister(victimRegistration)
                victim.closeBoth()
                let replacement = Pipe()
                reused.withLock { $0 = (victim.read, replacement.read) }
                _ = try? loop.register(fd: replacement.read, interest: .read,
                                       handler: LoggingHandler(name: "newcomer", fd: replacement.read, log: log))
            }
            _ = try loop.register(fd: killer.read, interest: .read, handler: killerHandler)
            // Make both readable before the loop waits again, killer first so its event comes first.
            killer.send()
            victim.send()
        }
        #expect(await eventually { log.count("killer") == 1 })
        try await Task.sleep(for: .milliseconds(50))
        let numbers = reused.withLock { $0 }
        #expect(numbers.old == numbers.new, "the test needs the descriptor number to be reused")
        #expect(log.count("victim") == 0)
        #expect(log.count("newcomer") == 0)
    }

    @Test("work posted from other threads wakes a loop blocked in epoll_wait")
    func crossThreadWake() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        defer { group.shutdown() }
        let loop = group.loops[0]
        let ran = Atomic<Int>(0)
        let onLoop = Atomic<Int>(0)
        // Let the loop fall asleep with nothing to do (no timers: epoll_wait blocks indefinitely).
        try await Task.sleep(for: .milliseconds(20))
        let threads = try (0..<4).map { _ in
            try LoopThread(name: "poster") {
                for _ in 0..<250 {
                    loop.execute {
                        ran.wrappingAdd(1, ordering: .relaxed)
                        if loop.inEventLoop { onLoop.wrappingAdd(1, ordering: .relaxed) }
                    }
                }
            }
        }
        threads.forEach { $0.join() }
        #expect(await eventually { ran.load(ordering: .relaxed) == 1000 })
        #expect(onLoop.load(ordering: .relaxed) == 1000)
    }

    @Test("a timer fires while the loop is waiting, not before its deadline, and cancelled ones never")
    func timerWhileWaiting() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start()
        defer { group.shutdown() }
        let loop = group.loops[0]
        let log = CallLog()
        let firedAt = Mutex<Instant?>(nil)
        let scheduledAt = try await loop.submit { () -> Instant in
            let now = loop.clock.now()
            loop.scheduleTimer(at: now + .milliseconds(60)) {
                firedAt.withLock { $0 = loop.clock.now() }
                log.record("late")
            }
            loop.scheduleTimer(at: now + .milliseconds(30)) { log.record("early") }
            let cancelled = loop.scheduleTimer(at: now + .milliseconds(40)) { log.record("cancelled") }
            loop.cancelTimer(cancelled)
            return now
        }
        #expect(await eventually { log.count("late") == 1 })
        #expect(log.all == ["early", "late"])
        let fired = try #require(firedAt.withLock { $0 })
        #expect(fired - scheduledAt >= .milliseconds(60))
    }

    @Test("async code with the loop as task executor runs on the loop thread")
    func taskExecutor() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        try group.start()
        defer { group.shutdown() }
        let loop = group.loops[1]
        let onLoop = await Task(executorPreference: loop) { () -> Bool in
            try? await Task.sleep(for: .milliseconds(5))
            return loop.inEventLoop
        }.value
        #expect(onLoop)
        #expect(!group.loops[0].inEventLoop)
    }

    @Test("shutdown stops every loop thread and runs work posted before it")
    func cleanShutdown() async throws {
        let group = try EventLoopGroup(loopCount: 2)
        try group.start()
        let ran = Atomic<Int>(0)
        for loop in group.loops { loop.execute { ran.wrappingAdd(1, ordering: .relaxed) } }
        group.shutdown()
        #expect(ran.load(ordering: .relaxed) == 2)
        #expect(group.loops.allSatisfy { !$0.inEventLoop })
    }
}
