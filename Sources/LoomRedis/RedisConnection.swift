// RedisConnection: one Redis connection on one event loop — async commands from any task, AUTH/SELECT, reconnects.

public import LoomReactor
import LoomCore
import Synchronization

/// A single Redis connection driven by an `EventLoop` through hiredis's async API.
///
/// - Commands are argument vectors (`RedisArgument`), binary-safe, pipelined: many tasks may send
///   at once and each gets its own reply. `send` hops to the loop with `execute` and resumes the
///   caller from the reply callback.
/// - The connection opens on first use (or `connect()`), sends `AUTH`, `SELECT` and
///   `CLIENT SETNAME` pipelined with the connect, and lets commands through once those succeed.
/// - When the connection drops, commands in flight fail with `RedisError.connectionLost` (they
///   may or may not have run); it reconnects with exponential backoff and jitter. Commands sent
///   while it is down wait up to `reconnectWait`; once it has been down longer they fail at once
///   with `RedisError.unavailable`, so callers notice an outage instead of piling up.
/// - A blocking command (`XREADGROUP … BLOCK`, `BLPOP`) holds the connection until it returns;
///   give it a connection of its own (`RedisClient.leaseBlockingConnection()`).
///
/// State is confined to the loop's thread; the public methods are safe from any thread.
public final class RedisConnection: @unchecked Sendable {
    enum Phase {
        case idle
        case connecting
        case ready
        case backoff(TimerID)
        case closed
    }

    /// Commands waiting for the connection to come up, sent together in order when it does.
    struct Waiting {
        let id: UInt64
        let commands: [[RedisArgument]]
        let completion: ([Result<RedisReply, RedisError>]?, RedisError?) -> Void
        let timer: TimerID
    }

    public let configuration: RedisConfiguration
    public let loop: EventLoop
    let backoff: RedisBackoff
    let closedFlag = Atomic<Bool>(false)

    // Loop-thread state.
    var phase = Phase.idle
    var context: HiredisContext?
    var handshakeRemaining = 0
    var connectTimer: TimerID?
    /// Consecutive failed attempts, for the backoff.
    var failures = 0
    var downSince: Instant?
    /// When the latest connect attempt began (rate-limits the early probes of `submit`).
    var lastAttemptAt: Instant?
    var lastFailure: RedisError?
    var waiting: [Waiting] = []
    var nextWaitingID: UInt64 = 0
    var connectWaiters: [CheckedContinuation<Void, any Error>] = []

    /// A connection to `configuration` on `loop`; nothing happens until the first command or `connect()`.
    public init(configuration: RedisConfiguration, loop: EventLoop) {
        self.configuration = configuration
        self.loop = loop
        self.backoff = RedisBackoff(initial: configuration.reconnectInitialDelay, maximum: configuration.reconnectMaximumDelay)
    }

    /// True once `close()` was called.
    public var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    /// Opens the connection (if not open) and waits until it is ready: connected, authenticated,
    /// database selected. Throws the failure of the attempt it waited for.
    public func connect() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute { [self] in
                switch phase {
                case .ready: continuation.resume()
                case .closed: continuation.resume(throwing: RedisError.closed)
                case .idle:
                    connectWaiters.append(continuation)
                    startAttempt()
                case .connecting, .backoff: connectWaiters.append(continuation)
                }
            }
        }
    }

    /// Sends one command and returns its reply (error replies included, as `.error`).
    public func send(_ arguments: [RedisArgument]) async throws -> RedisReply {
        let replies = try await pipeline([arguments])
        return replies[0]
    }

    /// Sends one command given as variadic arguments.
    public func send(_ arguments: RedisArgument...) async throws -> RedisReply {
        try await send(arguments)
    }

    /// Sends commands back to back — nothing from other tasks in between, so `MULTI … EXEC` is
    /// safe — and returns their replies in order. Throws if any of them failed to get a reply.
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[RedisReply], any Error>) in
            loop.execute { [self] in
                submit(commands) { results, error in
                    if let error { return continuation.resume(throwing: error) }
                    var replies: [RedisReply] = []
                    replies.reserveCapacity(commands.count)
                    for result in results ?? [] {
                        switch result {
                        case .success(let reply): replies.append(reply)
                        case .failure(let error): return continuation.resume(throwing: error)
                        }
                    }
                    continuation.resume(returning: replies)
                }
            }
        }
    }

    /// Closes the connection and stops reconnecting; commands in flight or waiting fail with
    /// `RedisError.closed`. Returns once the loop has done it.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute { [self] in
                closeOnLoop()
                continuation.resume()
            }
        }
    }

    /// `close()` without waiting, for synchronous contexts such as a task cancellation handler.
    public func requestClose() {
        loop.execute { [self] in closeOnLoop() }
    }

    // MARK: Loop thread

    /// Sends `commands` now if ready, else queues them until the connection is up (or fails them).
    func submit(_ commands: [[RedisArgument]],
                completion: @escaping ([Result<RedisReply, RedisError>]?, RedisError?) -> Void) {
        switch phase {
        case .ready:
            if let context { return write(commands, to: context, completion: completion) }
            completion(nil, .unavailable("no connection"))
        case .closed:
            completion(nil, .closed)
        case .idle:
            enqueueWaiting(commands, completion: completion)
            startAttempt()
        case .connecting:
            enqueueWaiting(commands, completion: completion)
        case .backoff(let timer):
            let now = loop.clock.now()
            guard let downSince, now - downSince >= configuration.reconnectWait else {
                return enqueueWaiting(commands, completion: completion)
            }
            // Down for long, so the backoff may be seconds: a command probes the server at most
            // four times a second instead of failing until the timer fires, so the first request after
            // the server is back succeeds. Between probes commands fail at once.
            if let last = lastAttemptAt, now - last < .milliseconds(250) {
                return completion(nil, .unavailable(lastFailure?.description ?? "not connected"))
            }
            loop.cancelTimer(timer)
            enqueueWaiting(commands, completion: completion)
            startAttempt()
        }
    }

    func write(_ commands: [[RedisArgument]], to context: HiredisContext,
               completion: @escaping ([Result<RedisReply, RedisError>]?, RedisError?) -> Void) {
        if commands.count == 1 {
            context.send(commands[0]) { [self] result in completion([result.mapError(closedAware)], nil) }
            return
        }
        let batch = ReplyBatch(count: commands.count, completion: completion)
        for (index, command) in commands.enumerated() {
            context.send(command) { [self] result in batch.complete(index, result.mapError(closedAware)) }
        }
    }

    /// A command cut off by our own `close()` reports `.closed`, not a lost connection.
    func closedAware(_ error: RedisError) -> RedisError {
        if case .closed = phase { return .closed }
        return error
    }

    private func enqueueWaiting(_ commands: [[RedisArgument]],
                                completion: @escaping ([Result<RedisReply, RedisError>]?, RedisError?) -> Void) {
        nextWaitingID &+= 1
        let id = nextWaitingID
        let timer = loop.scheduleTimer(at: loop.clock.now() + configuration.reconnectWait) { [self] in
            guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
            let entry = waiting.remove(at: index)
            entry.completion(nil, .unavailable(lastFailure?.description ?? "still connecting"))
        }
        waiting.append(Waiting(id: id, commands: commands, completion: completion, timer: timer))
    }
}

/// Collects the replies of a pipelined batch and completes once all have arrived.
final class ReplyBatch {
    private var results: [Result<RedisReply, RedisError>?]
    private var remaining: Int
    private let completion: ([Result<RedisReply, RedisError>]?, RedisError?) -> Void

    init(count: Int, completion: @escaping ([Result<RedisReply, RedisError>]?, RedisError?) -> Void) {
        results = Array(repeating: nil, count: count)
        remaining = count
        self.completion = completion
    }

    func complete(_ index: Int, _ result: Result<RedisReply, RedisError>) {
        results[index] = result
        remaining -= 1
        if remaining == 0 { completion(results.map { $0! }, nil) }
    }
}
