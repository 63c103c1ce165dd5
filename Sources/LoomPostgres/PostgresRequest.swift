// PostgresRequest: one caller's statements (or script) on their way through a connection, and the results they gather.

internal import CPostgres
import LoomReactor

/// A unit of work for one connection: a pipeline of statements ended by one sync point, or a
/// simple-protocol script. Touched only on the connection's loop.
///
/// In pipeline mode each command sent yields its results followed by a NULL from
/// `PQgetResult`; the sync point yields `PGRES_PIPELINE_SYNC`. After an error the server skips
/// the remaining commands up to the sync (`PGRES_PIPELINE_ABORTED`), which is why one request
/// has one sync: the failure of one caller's statement never aborts another caller's.
final class PostgresRequest {
    enum Body {
        case statements([PostgresStatement])
        /// `;`-separated statements without parameters, run with the simple query protocol.
        case script(String)
    }

    /// A command as sent: a statement whose result the caller gets, or the preparation of one.
    enum Command {
        case statement
        /// Preparing `key` as a named statement; on failure the cache must forget it.
        case prepare(key: String)
    }

    let body: Body
    let timeout: Duration?
    private let completion: (Result<[PostgresResult], PostgresError>) -> Void
    private(set) var results: [PostgresResult] = []
    private(set) var error: PostgresError?
    /// The commands sent, in order, and the one whose results are arriving.
    var commands: [Command] = []
    var position = 0
    /// True after a result of the current command arrived; the NULL that follows ends it.
    var awaitingEnd = false
    var timer: TimerID?
    private var finished = false

    init(body: Body, timeout: Duration?, completion: @escaping (Result<[PostgresResult], PostgresError>) -> Void) {
        self.body = body
        self.timeout = timeout
        self.completion = completion
    }

    /// Records a failure found before the server was involved (libpq refused to queue a command).
    func fail(_ error: PostgresError) {
        if self.error == nil { self.error = error }
    }

    /// Takes in one result of the current command. Returns the cache key of a preparation that
    /// did not happen (so the connection forgets it).
    func absorb(_ result: OpaquePointer, connection: OpaquePointer?) -> String? {
        let status = PQresultStatus(result)
        let command = position < commands.count ? commands[position] : .statement
        let succeeded = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            if case .statement = command { results.append(PostgresResult(copying: result)) }
        case PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE:
            fail(PostgresError(result: result, connection: connection))
        case PGRES_PIPELINE_ABORTED:
            // An earlier command of this request failed and recorded why.
            fail(PostgresError(.client, "statement skipped after an earlier error in the same pipeline"))
        case PGRES_NONFATAL_ERROR:
            break
        default:
            fail(PostgresError(.client, "unsupported result status \(String(cString: PQresStatus(status)))"))
        }
        if case .prepare(let key) = command, !succeeded { return key }
        return nil
    }

    /// Takes in one result of a script.
    func absorbScript(_ result: OpaquePointer, connection: OpaquePointer?) {
        _ = absorb(result, connection: connection)
    }

    /// Hands the outcome to the caller, once.
    func finish(with override: PostgresError? = nil) {
        guard !finished else { return }
        finished = true
        if let failure = override ?? error {
            completion(.failure(failure))
        } else {
            completion(.success(results))
        }
    }
}
