// PostgresConnection: one libpq connection in non-blocking pipeline mode on one event loop, with an async API.

internal import CPostgres
public import LoomReactor
import LoomCore
import Synchronization

/// One session with the server, owned by one `EventLoop`.
///
/// libpq runs in non-blocking mode and the loop watches its socket: the connection is made by
/// `PQconnectPoll` on readiness, statements are queued with `PQsendQueryParams`/
/// `PQsendQueryPrepared`, written by `PQflush` when the socket is writable and read by
/// `PQconsumeInput` when it is readable. No libpq call that can wait on the network runs on the
/// loop. Every method may be called from any task: work hops onto the loop with `execute` and
/// the caller's continuation is resumed with the outcome.
///
/// The connection stays in pipeline mode. Each call is one request ended by a sync point, so
/// several statements of one call (`pipeline`) cost one round trip, and calls from several tasks
/// may be in flight at once without one's error aborting another's. A transaction, though, is a
/// property of the session: while one runs (`transaction`), nobody else may use the connection —
/// which is what `PostgresPool` leases are for.
///
/// Statements are prepared on first use (keyed by SQL text and parameter types) and executed in
/// prepared form afterwards, in the same round trip as their first use.
public final class PostgresConnection: @unchecked Sendable {
    /// The loop that owns the socket and every libpq call.
    public let loop: EventLoop
    public let configuration: PostgresConfiguration

    private let openFlag = Atomic<Bool>(false)
    private let transactionFlag = Atomic<UInt8>(PostgresTransactionState.unknown.rawValue)

    // Loop-thread state, shared with the `+Connect` and `+IO` extensions.
    enum Phase {
        case connecting
        case ready
        case closed(PostgresError)
    }

    var phase: Phase = .connecting
    var handle: OpaquePointer?
    var registration: Registration?
    /// Waiting to be sent / sent and waiting for results, both in order.
    var pending: [PostgresRequest] = []
    var sent: [PostgresRequest] = []
    /// A simple-protocol script is running (pipeline mode is off until it ends).
    var scriptInFlight = false
    /// `PQflush` left data to send; the registration also waits for writability.
    var writePending = false
    /// Prepared statements: cache key (SQL and parameter types) → statement name.
    var prepared: [String: String] = [:]
    var nextStatementNumber = 0
    var connectTimer: TimerID?
    var connectCompletion: ((PostgresError?) -> Void)?

    init(loop: EventLoop, configuration: PostgresConfiguration) {
        self.loop = loop
        self.configuration = configuration
    }

    deinit {
        // Normally closed already; otherwise free libpq's state on the loop that owns it.
        guard let handle else { return }
        let leftover = HandleBox(handle: handle, registration: registration)
        let loop = self.loop
        loop.execute {
            if let registration = leftover.registration { loop.deregister(registration) }
            PQfinish(leftover.handle)
        }
    }

    /// Connects to the server named by `configuration` and returns the open connection, which
    /// lives on `loop` (the loop must be running). Host names are resolved on a thread of their
    /// own before libpq is involved, so no DNS lookup blocks the loop or the cooperative pool.
    public static func connect(_ configuration: PostgresConfiguration, on loop: EventLoop) async throws -> PostgresConnection {
        Socket.ignoreBrokenPipeSignal()
        let parameters = try await PostgresHostResolver.resolve(configuration.connectionParameters())
        let started = try startConnecting(parameters)
        let connection = PostgresConnection(loop: loop, configuration: configuration)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute {
                connection.beginConnecting(started.handle) { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }
            }
        }
        return connection
    }

    /// True until the connection broke or was closed (readable from any thread).
    public var isOpen: Bool { openFlag.load(ordering: .acquiring) }

    /// The session's transaction state after the last completed request.
    public var transactionState: PostgresTransactionState {
        PostgresTransactionState(rawValue: transactionFlag.load(ordering: .acquiring)) ?? .unknown
    }

    // MARK: Statements

    /// Runs one statement with its parameters and returns its result.
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresResult {
        try await submit(.statements([PostgresStatement(sql, parameters)]), timeout: configuration.queryTimeout)[0]
    }

    /// Runs `statements` in order in ONE round trip (pipeline mode) and returns one result per
    /// statement. The first failure is thrown, and the server skips the statements after it.
    /// Outside a transaction each statement commits on its own; wrap them in `BEGIN`/`COMMIT`
    /// statements (or use `transaction`) to make them atomic.
    public func pipeline(_ statements: [PostgresStatement]) async throws -> [PostgresResult] {
        guard !statements.isEmpty else { return [] }
        return try await submit(.statements(statements), timeout: configuration.queryTimeout)
    }

    /// Runs a `;`-separated script without parameters through the simple query protocol (for
    /// migrations and other DDL). Its statements form one implicit transaction unless it has
    /// its own `BEGIN`/`COMMIT`. No time limit applies: DDL on a big table, or waiting for a
    /// lock another process holds, may rightly take long.
    public func execute(script: String) async throws {
        _ = try await submit(.script(script), timeout: nil)
    }

    /// Runs `body` inside `BEGIN` … `COMMIT`, rolling back when it throws. Use only on a
    /// connection nobody else uses meanwhile (a pool lease).
    public func transaction<Value>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        _ = try await query("BEGIN")
        let value: Value
        do {
            value = try await body(self)
        } catch {
            if isOpen { _ = try? await query("ROLLBACK") }
            throw error
        }
        // COMMIT of a transaction that already failed (an error the body swallowed) rolls back.
        let commit = try await query("COMMIT")
        if commit.commandTag == "ROLLBACK" {
            throw PostgresError(.client, "the transaction was rolled back: a statement in it failed")
        }
        return value
    }

    /// A cheap round trip (`SELECT 1`) bounded by `timeout`; a late answer closes the connection.
    public func ping(timeout: Duration? = nil) async throws {
        _ = try await submit(.statements(["SELECT 1"]), timeout: timeout ?? configuration.pingTimeout)
    }

    /// Fails queued requests, tells the server goodbye and closes the socket. Idempotent.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                self.fail(PostgresError(.closed, "the connection was closed"))
                continuation.resume()
            }
        }
    }

    /// Hands a request to the loop and waits for its results.
    func submit(_ body: PostgresRequest.Body, timeout: Duration?) async throws -> [PostgresResult] {
        try await withCheckedThrowingContinuation { continuation in
            loop.execute {
                let request = PostgresRequest(body: body, timeout: timeout) { outcome in
                    continuation.resume(with: outcome.mapError { $0 as any Error })
                }
                self.enqueue(request)
            }
        }
    }

    // MARK: Flags set on the loop

    func setOpen(_ open: Bool) { openFlag.store(open, ordering: .releasing) }

    func recordTransactionState() {
        guard let handle else { return transactionFlag.store(PostgresTransactionState.unknown.rawValue, ordering: .releasing) }
        let state: PostgresTransactionState = switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .failed
        default: .unknown
        }
        transactionFlag.store(state.rawValue, ordering: .releasing)
    }
}

/// Where a session stands with respect to transactions.
public enum PostgresTransactionState: UInt8, Sendable {
    /// No transaction open.
    case idle
    /// Statements are still running.
    case active
    /// Inside `BEGIN` … with no error so far.
    case inTransaction
    /// Inside a transaction that failed; only `ROLLBACK` helps.
    case failed
    /// Not connected, or libpq cannot tell.
    case unknown
}

/// A libpq handle crossing threads: used by one thread at a time, handed over with `execute`.
struct HandleBox: @unchecked Sendable {
    let handle: OpaquePointer
    var registration: Registration?
}
