// TestRedis: Redis for tests — LOOM_TEST_REDIS_URL or a throwaway redis-server, and private servers to restart.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// The Redis the tests of this process share.
///
/// With `LOOM_TEST_REDIS_URL` set (`.ci/run` starts one) that server is used; otherwise a
/// throwaway `redis-server` (Debian's `redis-server` package) is started on a free loopback port
/// in a temp directory, once per test process, without persistence, and stopped when the process
/// exits (a watchdog stops it even if the process crashes). Tests share it safely by putting
/// their keys under `uniquePrefix()`.
public enum TestRedis {
    private static let shared = Mutex<Result<String, TestRedisError>?>(nil)
    private static let sharedServer = Mutex<RedisServerProcess?>(nil)

    /// The shared server's URL (`redis://127.0.0.1:PORT/0`), starting it on first use.
    public static func sharedURL() throws -> String {
        try shared.withLock { cached in
            if let cached { return try cached.get() }
            let result: Result<String, TestRedisError>
            if let url = ProcessInfo.processInfo.environment["LOOM_TEST_REDIS_URL"], !url.isEmpty {
                result = .success(url)
            } else {
                do {
                    let server = try RedisServerProcess(appendOnly: false)
                    sharedServer.withLock { $0 = server }
                    result = .success(server.url)
                } catch let error as TestRedisError {
                    result = .failure(error)
                } catch {
                    result = .failure(TestRedisError("cannot start redis-server: \(error)"))
                }
            }
            cached = result
            return try result.get()
        }
    }

    /// True when Redis can be had: a URL is configured or `redis-server` is installed.
    public static var isAvailable: Bool {
        if let url = ProcessInfo.processInfo.environment["LOOM_TEST_REDIS_URL"], !url.isEmpty { return true }
        return RedisServerProcess.executable != nil
    }

    /// A key prefix no other test (or test process) uses, e.g. `test:1234:9f2c01:queue:`.
    public static func uniquePrefix(_ label: String = "t") -> String {
        "test:\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16)):\(label):"
    }
}

/// A failure to provide Redis for a test.
public struct TestRedisError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A private `redis-server` for one test: its own port and directory, optionally a password,
/// append-only persistence by default (as production runs it), so `restart()` keeps the data.
public final class RedisServerProcess: @unchecked Sendable {
    public let port: UInt16
    public let directory: String
    public let password: String?
    private let arguments: [String]
    private let lock = NSLock()

    /// `/usr/bin/redis-server`, or nil when it is not installed.
    public static var executable: String? {
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { access($0, X_OK) == 0 }
    }

    /// Starts a server on a free loopback port and waits until it answers `PING`.
    public init(password: String? = nil, appendOnly: Bool = true, extraArguments: [String] = []) throws {
        guard Self.executable != nil else { throw TestRedisError("redis-server is not installed (apt-get install redis-server)") }
        port = try FreePort.loopback()
        directory = NSTemporaryDirectory() + "loom-redis-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.password = password
        var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--dir", directory,
                         "--pidfile", directory + "/redis.pid", "--logfile", directory + "/redis.log",
                         "--daemonize", "yes"]
        // `always` so that even a SIGKILL loses nothing a test already saw acknowledged.
        arguments += appendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]
        if let password { arguments += ["--requirepass", password] }
        self.arguments = arguments + extraArguments
        try start()
        try Self.startWatchdog(directory: directory)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `redis://[:password@]127.0.0.1:PORT/0`.
    public var url: String { url(database: 0) }

    public func url(database: Int) -> String {
        let credentials = password.map { ":\($0)@" } ?? ""
        return "redis://\(credentials)127.0.0.1:\(port)/\(database)"
    }

    /// Starts the server (again) on the same port and directory and waits for `PING`.
    public func start() throws {
        try lock.withLock {
            let daemonizer = try Self.spawn(Self.executable!, arguments)
            var status: Int32 = 0
            _ = waitpid(daemonizer, &status, 0)  // `--daemonize yes`: returns once the server forked
            try waitUntilReady()
        }
    }

    /// Graceful stop (SIGTERM: Redis flushes its append-only file), waiting until it is gone.
    public func stop() { signal(SIGTERM) }

    /// Abrupt stop (SIGKILL), waiting until it is gone.
    public func kill() { signal(SIGKILL) }

    /// `stop()` then `start()`.
    public func restart() throws {
        stop()
        try start()
    }

    /// The server's process id, nil when it is not running.
    public var pid: Int32? {
        guard let text = try? String(contentsOfFile: directory + "/redis.pid", encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), Glibc.kill(pid, 0) == 0 else { return nil }
        return pid
    }

    private func signal(_ number: Int32) {
        lock.withLock {
            guard let pid else { return }
            _ = Glibc.kill(pid, number)
            let deadline = Date().addingTimeInterval(10)
            while Glibc.kill(pid, 0) == 0 && Date() < deadline { usleep(10_000) }
            unlink(directory + "/redis.pid")
        }
    }

    /// Polls with a raw `PING` until the server answers `+PONG` (not `-LOADING`, not refused).
    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Self.ping(port: port, password: password) { return }
            usleep(20_000)
        }
        throw TestRedisError("redis-server on port \(port) did not answer PING; see \(directory)/redis.log")
    }

    private static func ping(port: UInt16, password: String?) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return false }
        var request = ""
        if let password { request += "*2\r\n$4\r\nAUTH\r\n$\(password.utf8.count)\r\n\(password)\r\n" }
        request += "*1\r\n$4\r\nPING\r\n"
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { return false }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !String(decoding: received, as: UTF8.self).contains("PONG") {
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { return false }
            received += buffer[0..<count]
            if received.count > 4096 { return false }
        }
        return true
    }

    /// Starts `path arguments…` with stdio on /dev/null and a clean signal mask: a test runner's
    /// threads block most signals, and a child inheriting that mask would ignore SIGTERM.
    private static func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw TestRedisError("cannot start \(path): \(String(cString: strerror(status)))") }
        return pid
    }

    /// A detached shell that kills the server and removes its directory once this test process
    /// is gone, however it ended.
    private static func startWatchdog(directory: String) throws {
        let pidFile = directory + "/redis.pid"
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; "
            + "[ -f '\(pidFile)' ] && kill -9 $(cat '\(pidFile)') 2>/dev/null; rm -rf '\(directory)'; exit 0"
        _ = try spawn("/bin/sh", ["-c", script])
    }

}
