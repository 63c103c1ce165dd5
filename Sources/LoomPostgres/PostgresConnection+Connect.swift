// PostgresConnection+Connect: establishing the session with PQconnectPoll, driven by socket readiness on the loop.

internal import CPostgres
#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomReactor

extension PostgresConnection {
    /// `PQconnectStartParams` with resolved parameters, called off the loop: it reads files such
    /// as `.pgpass` and the service file, which is file I/O the loop should not wait for.
    static func startConnecting(_ parameters: [(String, String)]) throws(PostgresError) -> HandleBox {
        let keywords: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.0) } + [nil]
        let values: [UnsafeMutablePointer<CChar>?] = parameters.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let constKeywords = keywords.map { $0.map { UnsafePointer($0) } }
        let constValues = values.map { $0.map { UnsafePointer($0) } }
        // expand_dbname 0: the options were parsed already, dbname is a plain name now.
        let started = constKeywords.withUnsafeBufferPointer { keywords in
            constValues.withUnsafeBufferPointer { values in
                PQconnectStartParams(keywords.baseAddress, values.baseAddress, 0)
            }
        }
        guard let handle = started else { throw PostgresError(.connection, "libpq could not allocate a connection") }
        guard PQstatus(handle) != CONNECTION_BAD else {
            let error = PostgresError.connection(handle, "could not start connecting")
            PQfinish(handle)
            throw error
        }
        // Before the first poll: notices would otherwise be printed to stderr by libpq.
        loom_pq_silence_notices(handle)
        return HandleBox(handle: handle)
    }

    /// Takes over a started handle and polls it on readiness until it is connected (loop thread).
    func beginConnecting(_ handle: OpaquePointer, completion: @escaping (PostgresError?) -> Void) {
        self.handle = handle
        connectCompletion = completion
        let timeout = configuration.connectTimeout
        connectTimer = loop.scheduleTimer(at: loop.clock.now() + timeout) { [weak self] in
            self?.connectTimer = nil
            self?.fail(PostgresError(.timeout, "could not connect to \(self?.configuration.redacted ?? "") within \(timeout)"))
        }
        // Before the first poll libpq wants the socket to be writable (the connect() finishing).
        watchWhileConnecting(.write)
    }

    /// One `PQconnectPoll` step, on readiness of the socket it asked for.
    func continueConnecting() {
        guard let handle else { return }
        switch PQconnectPoll(handle) {
        case PGRES_POLLING_READING:
            watchWhileConnecting(.read)
        case PGRES_POLLING_WRITING:
            watchWhileConnecting(.write)
        case PGRES_POLLING_OK:
            finishConnecting(handle)
        default:
            fail(PostgresError.connection(handle, "could not connect to \(configuration.redacted)"))
        }
    }

    /// Registers the connection's current socket for `interest`. libpq may open a new socket
    /// between polls (the next address of a host, a retry without TLS or GSS encryption), and a
    /// new socket can even get the old number, so the registration is made afresh every step
    /// rather than modified: a fresh registration also gets a fresh generation.
    private func watchWhileConnecting(_ interest: IOInterest) {
        guard let handle else { return }
        if let registration { loop.deregister(registration) }
        registration = nil
        let socket = PQsocket(handle)
        guard socket >= 0 else { return fail(PostgresError.connection(handle, "libpq has no socket")) }
        do {
            registration = try loop.register(fd: socket, interest: interest, handler: PostgresSocketWatcher(self))
        } catch {
            fail(PostgresError(.connection, "could not watch the PostgreSQL socket: \(error)"))
        }
    }

    private func finishConnecting(_ handle: OpaquePointer) {
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        guard PQsetnonblocking(handle, 1) == 0 else {
            return fail(PostgresError.connection(handle, "could not switch libpq to non-blocking mode"))
        }
        guard PQenterPipelineMode(handle) == 1 else {
            return fail(PostgresError.connection(handle, "could not enter pipeline mode (libpq 14 or newer is required)"))
        }
        watchWhileConnecting(.read)
        guard case .connecting = phase, registration != nil else { return }
        phase = .ready
        writePending = false
        setOpen(true)
        recordTransactionState()
        let completion = connectCompletion
        connectCompletion = nil
        completion?(nil)
        pump()
    }
}

/// The reactor's handler for a connection's socket. Holds the connection weakly: a connection
/// its owner dropped without closing must still be freed (its deinit cleans up on the loop).
final class PostgresSocketWatcher: EventHandler {
    private weak var connection: PostgresConnection?

    init(_ connection: PostgresConnection) {
        self.connection = connection
    }

    func handle(events: IOEvents) {
        connection?.socketReady(events)
    }
}
