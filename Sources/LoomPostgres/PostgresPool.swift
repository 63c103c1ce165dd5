// PostgresPool: connections spread over a group's loops, leased one caller at a time, reconnected after outages.

import LoomCore
public import LoomReactor

/// A bounded set of `PostgresConnection`s, opened on demand and spread round-robin over the
/// loops of an `EventLoopGroup`.
///
/// A lease gives one caller a connection to itself (so a transaction on it is its own) and
/// waits, up to `leaseTimeout`, when all are busy. A connection that broke is dropped when it
/// comes back or is found dead while idle (its loop reads the server's EOF at once).
///
/// Outages: when connecting fails, the pool is *unavailable*: every lease fails at once with
/// `.unavailable` and the reason (so `/health` says unhealthy and webhooks answer 503 instead of
/// queueing), while a background task reconnects with exponential backoff (`reconnectDelay`
/// doubling up to `maxReconnectDelay`). The first connection that succeeds ends the outage; the
/// pool recovers by itself, with nothing restarted.
public actor PostgresPool {
    public nonisolated let configuration: PostgresConfiguration
    private nonisolated let loops: [EventLoop]
    private let clock = SystemClock()

    struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<PostgresConnection, any Error>
        let timeout: Task<Void, Never>
    }

    struct Outage {
        var error: PostgresError
        var failures: Int
        var retryAt: Instant
    }

    private var idle: [PostgresConnection] = []
    private var leased = 0
    private var connecting = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var nextLoop = 0
    private var outage: Outage?
    private var recovery: Task<Void, Never>?
    private var isClosed = false
    private var counters = PostgresPoolStatistics()

    /// A pool for `configuration` on the loops of `group` (which must be running). No connection
    /// is opened until the first lease.
    public init(configuration: PostgresConfiguration, group: EventLoopGroup) {
        self.configuration = configuration
        self.loops = group.loops
    }

    // MARK: Leasing

    /// Runs `body` with a connection of its own and gives the connection back afterwards. A
    /// transaction `body` left open (it threw before COMMIT) is rolled back first.
    public nonisolated func withConnection<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        let connection = try await lease()
        let value: Value
        do {
            value = try await body(connection)
        } catch {
            await settle(connection)
            throw error
        }
        await settle(connection)
        return value
    }

    /// Runs one statement on a leased connection.
    public nonisolated func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresResult {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    /// Runs `body` in a transaction on a leased connection.
    public nonisolated func transaction<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        try await withConnection { try await $0.transaction(body) }
    }

    /// Checks that the server answers (`SELECT 1` within `pingTimeout`); throws `.unavailable`
    /// at once during an outage.
    public nonisolated func ping() async throws {
        try await withConnection { try await $0.ping(timeout: configuration.pingTimeout) }
    }

    private nonisolated func settle(_ connection: PostgresConnection) async {
        if connection.isOpen && connection.transactionState != .idle {
            do {
                _ = try await connection.query("ROLLBACK")
            } catch {
                await connection.close()
            }
        }
        await release(connection)
    }

    /// A connection for the caller's exclusive use; give it back with `release`.
    public func lease() async throws -> PostgresConnection {
        guard !isClosed else { throw PostgresError(.closed, "the connection pool was closed") }
        // Most recently used first: its loop and the server's backend are warm.
        while let connection = idle.popLast() {
            if connection.isOpen {
                leased += 1
                return connection
            }
            counters.dropped += 1
        }
        if let outage, clock.now() < outage.retryAt || connecting > 0 {
            throw unavailable(outage.error)
        }
        if leased + connecting < configuration.poolSize {
            let connection = try await open()
            leased += 1
            return connection
        }
        let id = nextWaiterID
        nextWaiterID += 1
        let timeout = configuration.leaseTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expireWaiter(id)
            }
            waiters.append(Waiter(id: id, continuation: continuation, timeout: timer))
        }
    }

    /// Takes a connection back: to the next waiter, to the idle set, or — broken — away.
    public func release(_ connection: PostgresConnection) async {
        leased -= 1
        guard !isClosed else { return await connection.close() }
        guard connection.isOpen else {
            counters.dropped += 1
            // Someone may be waiting for the slot it held.
            if !waiters.isEmpty && outage == nil && leased + connecting < configuration.poolSize {
                connecting += 1
                Task { await self.connectForWaiter() }
            }
            return
        }
        hand(connection)
    }

    /// Gives a usable connection to the first waiter, or keeps it idle.
    private func hand(_ connection: PostgresConnection) {
        guard !waiters.isEmpty else { return idle.append(connection) }
        let waiter = waiters.removeFirst()
        waiter.timeout.cancel()
        leased += 1
        waiter.continuation.resume(returning: connection)
    }

    private func expireWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        counters.leaseTimeouts += 1
        waiter.continuation.resume(throwing: PostgresError(
            .poolExhausted, "all \(configuration.poolSize) connections stayed busy for \(configuration.leaseTimeout)"))
    }

    // MARK: Connecting

    /// Opens a connection on the next loop, recording success or failure (connect errors are
    /// thrown as `.unavailable`).
    private func open() async throws -> PostgresConnection {
        connecting += 1
        defer { connecting -= 1 }
        let loop = loops[nextLoop % loops.count]
        nextLoop += 1
        do {
            let connection = try await PostgresConnection.connect(configuration, on: loop)
            counters.connects += 1
            outage = nil
            if isClosed {
                await connection.close()
                throw PostgresError(.closed, "the connection pool was closed")
            }
            return connection
        } catch let error as PostgresError where error.kind == .closed {
            throw error
        } catch {
            let failure = error as? PostgresError ?? PostgresError(.connection, "\(error)")
            recordFailure(failure)
            throw unavailable(failure)
        }
    }

    /// Connects on behalf of waiters after a broken connection freed a slot (`connecting` was
    /// raised by the caller).
    private func connectForWaiter() async {
        connecting -= 1
        guard let connection = try? await open() else { return }
        hand(connection)
    }

    /// Enters (or prolongs) an outage: waiters fail now, and a recovery task keeps trying.
    private func recordFailure(_ error: PostgresError) {
        counters.connectFailures += 1
        let failures = (outage?.failures ?? 0) + 1
        outage = Outage(error: error, failures: failures, retryAt: clock.now() + backoff(failures))
        let failed = waiters
        waiters.removeAll()
        for waiter in failed {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: unavailable(error))
        }
        guard recovery == nil, !isClosed else { return }
        recovery = Task { await self.recover() }
    }

    /// Retries connecting while the outage lasts; the first success ends it.
    private func recover() async {
        while let outage, !isClosed {
            // At least a little sleep per turn, so a turn that cannot connect never spins.
            try? await Task.sleep(for: max(outage.retryAt - clock.now(), .milliseconds(10)))
            guard self.outage != nil, !isClosed else { break }
            // A lease may be trying meanwhile, or the pool may be full of (broken) leases.
            guard connecting == 0, leased < configuration.poolSize else { continue }
            if let connection = try? await open() { hand(connection) }
        }
        recovery = nil
    }

    private func backoff(_ failures: Int) -> Duration {
        let factor = 1 << min(failures - 1, 20)
        return min(configuration.reconnectDelay * factor, configuration.maxReconnectDelay)
    }

    private func unavailable(_ error: PostgresError) -> PostgresError {
        var wrapped = error
        wrapped.kind = .unavailable
        wrapped.message = "cannot reach \(configuration.redacted): \(error.message)"
        return wrapped
    }

    // MARK: State

    /// What the pool holds and did so far.
    public func statistics() -> PostgresPoolStatistics {
        var snapshot = counters
        snapshot.idle = idle.count
        snapshot.leased = leased
        snapshot.waiting = waiters.count
        snapshot.lastError = outage?.error
        return snapshot
    }

    /// Fails waiters, stops reconnecting and closes idle connections; leased ones close when
    /// they come back. Later leases throw `.closed`.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
        recovery?.cancel()
        for waiter in waiters {
            waiter.timeout.cancel()
            waiter.continuation.resume(throwing: PostgresError(.closed, "the connection pool was closed"))
        }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        for connection in connections { await connection.close() }
    }
}

/// Counters and gauges of a `PostgresPool`.
public struct PostgresPoolStatistics: Sendable {
    public var idle = 0
    public var leased = 0
    public var waiting = 0
    /// Connections opened / attempts that failed / connections found broken and dropped.
    public var connects = 0
    public var connectFailures = 0
    public var dropped = 0
    public var leaseTimeouts = 0
    /// Why the pool is unavailable; nil while it is not.
    public var lastError: PostgresError?
}
