// RedisClient: shared command connections plus a pool of dedicated connections for blocking commands.

public import LoomReactor
import Synchronization

/// What Loom uses to talk to Redis.
///
/// - Ordinary commands go to a few shared connections (round-robin over the given loops); hiredis
///   pipelines, so one connection carries many concurrent commands.
/// - Blocking commands (`XREADGROUP … BLOCK`) would stall everything queued behind them on a
///   shared connection, so each runs on a dedicated connection leased from a pool
///   (`leaseBlockingConnection`/`returnBlockingConnection`, or `withBlockingConnection`). The pool
///   grows on demand and keeps a few idle ones.
/// - Scripts run with `EVALSHA`, loading them once and again after a Redis restart (`NOSCRIPT`).
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    private let loops: [EventLoop]
    private let commandConnections: [RedisConnection]
    private let cursor = Atomic<Int>(0)
    private let state = Mutex(PoolState())
    private let maximumIdleBlocking: Int

    private struct PoolState {
        var idle: [RedisConnection] = []
        var blockingCreated = 0
        var scripts: [String: String] = [:]
        var closed = false
    }

    /// A client over `loops` (connections are spread across them) with `commandConnections`
    /// shared connections. Nothing connects until the first command or `connect()`.
    public init(configuration: RedisConfiguration, loops: [EventLoop], commandConnections: Int = 1,
                maximumIdleBlockingConnections: Int = 16) {
        precondition(!loops.isEmpty, "a Redis client needs at least one event loop")
        self.configuration = configuration
        self.loops = loops
        self.commandConnections = (0..<max(1, commandConnections)).map {
            RedisConnection(configuration: configuration, loop: loops[$0 % loops.count])
        }
        self.maximumIdleBlocking = maximumIdleBlockingConnections
    }

    /// Opens the command connections and waits until they are ready; throws the first failure
    /// (wrong password, unreachable host), so a process can refuse to start with a clear message.
    public func connect() async throws {
        for connection in commandConnections { try await connection.connect() }
    }

    /// Sends one command on a shared connection.
    public func send(_ arguments: [RedisArgument]) async throws -> RedisReply {
        try await nextConnection().send(arguments)
    }

    /// Sends one command given as variadic arguments.
    public func send(_ arguments: RedisArgument...) async throws -> RedisReply {
        try await send(arguments)
    }

    /// Sends commands back to back on one shared connection (see `RedisConnection.pipeline`).
    public func pipeline(_ commands: [[RedisArgument]]) async throws -> [RedisReply] {
        try await nextConnection().pipeline(commands)
    }

    /// Runs a Lua script with `EVALSHA`, loading it first when this client has not yet, and again
    /// when Redis answers `NOSCRIPT` (its script cache is empty after a restart).
    public func evaluate(_ script: RedisScript, keys: [RedisArgument], arguments: [RedisArgument]) async throws -> RedisReply {
        let tail = [RedisArgument(keys.count)] + keys + arguments
        if let sha = state.withLock({ $0.scripts[script.source] }) {
            let reply = try await send(["EVALSHA", RedisArgument(sha)] + tail)
            guard case .error(let message) = reply, message.hasPrefix("NOSCRIPT") else { return reply }
        }
        guard let sha = try await send(["SCRIPT", "LOAD", RedisArgument(script.source)]).string() else {
            throw RedisError.unexpectedReply("SCRIPT LOAD returned nothing")
        }
        state.withLock { $0.scripts[script.source] = sha }
        return try await send(["EVALSHA", RedisArgument(sha)] + tail)
    }

    /// A dedicated connection for blocking commands: an idle pooled one, or a new one. Give it back
    /// with `returnBlockingConnection`; close it instead when a blocking command must be abandoned.
    public func leaseBlockingConnection() throws -> RedisConnection {
        try state.withLock { state in
            if state.closed { throw RedisError.closed }
            while let connection = state.idle.popLast() {
                if !connection.isClosed { return connection }
            }
            state.blockingCreated += 1
            let loop = loops[state.blockingCreated % loops.count]
            var blockingConfiguration = configuration
            blockingConfiguration.clientName = configuration.clientName.map { "\($0)-blocking" }
            return RedisConnection(configuration: blockingConfiguration, loop: loop)
        }
    }

    /// Puts a leased connection back in the pool (closed ones and surplus idle ones are dropped).
    public func returnBlockingConnection(_ connection: RedisConnection) {
        let surplus = state.withLock { state -> Bool in
            guard !state.closed, !connection.isClosed, state.idle.count < maximumIdleBlocking else { return true }
            state.idle.append(connection)
            return false
        }
        if surplus { connection.requestClose() }
    }

    /// Runs `body` with a leased blocking connection and returns it to the pool afterwards.
    public func withBlockingConnection<Result>(_ body: (RedisConnection) async throws -> Result) async throws -> Result {
        let connection = try leaseBlockingConnection()
        do {
            let result = try await body(connection)
            returnBlockingConnection(connection)
            return result
        } catch {
            returnBlockingConnection(connection)
            throw error
        }
    }

    /// Closes every connection this client holds (leased blocking connections are their holders'
    /// to close); later commands fail with `RedisError.closed`.
    public func close() async {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in commandConnections + idle { await connection.close() }
    }

    private func nextConnection() -> RedisConnection {
        if commandConnections.count == 1 { return commandConnections[0] }
        return commandConnections[cursor.wrappingAdd(1, ordering: .relaxed).oldValue % commandConnections.count]
    }
}
