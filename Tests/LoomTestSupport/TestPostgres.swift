// TestPostgres: fresh PostgreSQL databases for tests — on LOOM_TEST_DATABASE_URL's server or a throwaway cluster.

#if canImport(Glibc)
import Glibc
#endif
import LoomPostgres
public import LoomReactor
import Foundation
import Synchronization

/// PostgreSQL for tests.
///
/// With `LOOM_TEST_DATABASE_URL` set (`.ci/run` does), every `withDatabase` creates a uniquely
/// named database on that server (the role needs CREATEDB) and drops it afterwards. Without it,
/// the first use starts a throwaway cluster from the installed Debian binaries (initdb, pg_ctl;
/// through `runuser -u postgres` when running as root, since initdb refuses root) in a temporary
/// directory on a free loopback port with fsync off, and stops it when the process exits.
///
/// Tests that stop the server (outage tests) start a `Server` of their own with `Server.start()`
/// in either mode: the shared one serves every other test running in parallel.
public enum TestPostgres {
    /// The loop group test clients and stores run on (one loop, started once).
    public static let group: EventLoopGroup = {
        let group = try! EventLoopGroup(loopCount: 2)
        try! group.start(namePrefix: "test-pg")
        return group
    }()

    /// The server's URL (administrative database), starting the throwaway cluster if needed.
    public static func serverURL() async throws -> String {
        if let url = environmentURL { return url }
        return try await sharedServer.server().url
    }

    /// True when no `LOOM_TEST_DATABASE_URL` is set and the tests run their own cluster.
    public static var isSelfStarted: Bool { environmentURL == nil }

    /// Stops the shared self-started server (never one given by the environment).
    public static func stopSharedServer() async throws {
        guard isSelfStarted else { throw Failure("the server comes from LOOM_TEST_DATABASE_URL; start a private Server instead") }
        try await sharedServer.server().stop()
    }

    /// Starts the shared self-started server again.
    public static func startSharedServer() async throws {
        guard isSelfStarted else { throw Failure("the server comes from LOOM_TEST_DATABASE_URL") }
        try await sharedServer.server().start()
    }

    /// Runs `body` with the URL of a new, empty database, dropped afterwards (also when `body` throws).
    public static func withDatabase<Value>(_ body: (String) async throws -> Value) async throws -> Value {
        let (url, name) = try await createDatabase()
        do {
            let value = try await body(url)
            await dropDatabase(name)
            return value
        } catch {
            await dropDatabase(name)
            throw error
        }
    }

    /// Creates `loom_test_<random>` and returns its URL and name; drop it with `dropDatabase`.
    /// At most a few exist at once (later calls wait), so tests running in parallel stay within
    /// the server's connection limit.
    public static func createDatabase() async throws -> (url: String, name: String) {
        await permits.acquire()
        do {
            let admin = try PostgresConfiguration(url: try await serverURL())
            let name = "loom_test_" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
            let connection = try await PostgresConnection.connect(admin, on: group.next())
            defer { Task { await connection.close() } }
            // An identifier cannot be a parameter; the name is ours and only [a-z0-9_].
            _ = try await connection.query("CREATE DATABASE \(name)")
            return (try url(admin.url, database: name), name)
        } catch {
            await permits.release()
            throw error
        }
    }

    /// Drops a database made by `createDatabase`, closing any connection still using it.
    public static func dropDatabase(_ name: String) async {
        defer { Task { await permits.release() } }
        guard let admin = try? PostgresConfiguration(url: try await serverURL()),
              let connection = try? await PostgresConnection.connect(admin, on: group.next()) else { return }
        _ = try? await connection.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await connection.close()
    }

    /// `url` with its path (database) replaced.
    static func url(_ url: String, database: String) throws -> String {
        guard let scheme = url.range(of: "://") else { throw Failure("LOOM_TEST_DATABASE_URL must be a postgresql:// URL") }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let query = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(url[..<scheme.upperBound]) + rest[..<authorityEnd] + "/" + database + query
    }

    private static var environmentURL: String? {
        guard let value = getenv("LOOM_TEST_DATABASE_URL") else { return nil }
        let url = String(cString: value)
        return url.isEmpty ? nil : url
    }

    private static let permits = Permits(4)

    private static let sharedServer = SharedServer()

    /// Starts the shared cluster once, on first use.
    private actor SharedServer {
        private var starting: Task<Server, any Error>?

        func server() async throws -> Server {
            if let starting { return try await starting.value }
            let task = Task { try await Server.start() }
            starting = task
            return try await task.value
        }
    }

    /// A throwaway cluster in a temporary directory, owned by this test process and removed at
    /// exit if the test does not. Its tools (seconds each) run on a thread of their own, never
    /// on Swift's cooperative pool, whose few threads the tests' async work needs meanwhile.
    public final class Server: @unchecked Sendable {
        public let port: Int
        public let directory: String
        private let binaries: String

        /// `postgresql://postgres@127.0.0.1:PORT/postgres` (trust authentication on loopback).
        public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

        /// Runs initdb and starts the server.
        public static func start() async throws -> Server {
            try await offThread {
                let server = try Server()
                try server.run("initdb", ["-D", server.directory + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
                try server.startNow()
                return server
            }
        }

        /// Starts the server again after `stop`, and waits until it accepts connections.
        public func start() async throws { try await Self.offThread { try self.startNow() } }

        /// Stops the server (fast shutdown: sessions are terminated, as in a real outage).
        public func stop() async throws {
            try await Self.offThread { try self.run("pg_ctl", ["-D", self.directory + "/data", "-m", "fast", "-w", "stop"]) }
        }

        /// Creates a new, empty database on this server and returns its URL (removed with the server).
        public func createDatabase() async throws -> String {
            let admin = try PostgresConfiguration(url: url)
            let name = "loom_test_" + String(UInt64.random(in: 1...UInt64.max), radix: 16)
            let connection = try await PostgresConnection.connect(admin, on: TestPostgres.group.next())
            defer { Task { await connection.close() } }
            _ = try await connection.query("CREATE DATABASE \(name)")
            return try TestPostgres.url(admin.url, database: name)
        }

        /// Stops the server if it runs and deletes its directory.
        public func destroy() async { _ = try? await Self.offThread { self.destroyNow() } }

        private init() throws {
            guard let binaries = Self.newestBinaries() else { throw Failure("no PostgreSQL server under /usr/lib/postgresql/*/bin") }
            self.binaries = binaries
            directory = makeTemporaryDirectory("loom-pg")
            if geteuid() == 0 {
                guard let account = getpwnam("postgres") else { throw Failure("running as root but there is no postgres user") }
                chown(directory, account.pointee.pw_uid, account.pointee.pw_gid)
            }
            port = Int(try FreePort.loopback())
            Self.live.withLock { $0.append(self) }
            _ = Self.cleanupAtExit
        }

        private func startNow() throws {
            try run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                               "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                               "start"])
        }

        private func destroyNow() {
            guard Self.live.withLock({ live in live.firstIndex { $0 === self }.map { live.remove(at: $0) } }) != nil else { return }
            _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
            _ = Self.spawn(["rm", "-rf", directory], log: "/dev/null")
        }

        /// Runs a PostgreSQL tool (as the postgres user when we are root: initdb refuses root).
        private func run(_ program: String, _ arguments: [String]) throws {
            let log = directory + "/tools.log"
            let tool = [binaries + "/" + program] + arguments
            let status = Self.spawn(geteuid() == 0 ? ["runuser", "-u", "postgres", "--"] + tool : tool, log: log)
            guard status != 0 else { return }
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure("\(program) failed (status \(status)): \(output.suffix(2000))")
        }

        /// Spawns without pipes: output goes to `log`, so a daemon (the postmaster) keeps no pipe
        /// of ours open. Returns the exit status.
        private static func spawn(_ arguments: [String], log: String) -> Int32 {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
            let argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return 127 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        }

        private static func offThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
            }
        }

        private static let live = Mutex<[Server]>([])
        private static let cleanupAtExit: Void = { atexit { for server in Server.live.withLock({ $0 }) { server.destroyNow() } } }()

        private static func newestBinaries() -> String? {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            return versions.compactMap(Int.init).sorted().last.map { "/usr/lib/postgresql/\($0)/bin" }
        }
    }

    /// A test-setup failure with its reason.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// A counting semaphore for tasks.
    private actor Permits {
        private var available: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { available = count }

        func acquire() async {
            if available > 0 {
                available -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { available += 1 } else { waiting.removeFirst().resume() }
        }
    }
}
