// BenchTarget: the server under test: a Loom started in this process, or one at --url.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomReactor
import LoomServer
import Logging

/// Where the load goes. In-process, the server uses the embedded SQLite store and queue, or
/// PostgreSQL and Redis when `DATABASE_URL` / `REDIS_URL` are set (use a scratch database: the
/// benchmark leaves its jobs there).
final class BenchTarget {
    let address: SocketAddress
    let inProcess: Bool
    private let application: LoomApplication?

    /// Store and queue of the in-process server (`DATABASE_URL`/`REDIS_URL` select them as for `loom serve`).
    var backends: (store: String, queue: String)? { application?.backends }

    private init(address: SocketAddress, application: LoomApplication?) {
        self.address = address
        self.application = application
        inProcess = application != nil
    }

    /// Targets `url` (`http://127.0.0.1:8000`), or starts Loom in-process on a free port.
    static func make(url: String?, workers: Bool = true, configure: (inout Settings) -> Void = { _ in }) async throws -> BenchTarget {
        if let url { return BenchTarget(address: try parse(url), application: nil) }
        var settings = Settings()
        settings.host = "127.0.0.1"
        settings.port = 0
        settings.logLevel = .error
        settings.dataDirectory = try temporaryDirectory("loom-bench")
        // As `loom serve` would: PostgreSQL and Redis when the environment names them.
        settings.databaseURL = environmentValue("DATABASE_URL")
        settings.redisURL = environmentValue("REDIS_URL")
        configure(&settings)
        LoggingSetup.bootstrap(level: settings.logLevel, format: .text)
        var logger = Logger(label: "loom-bench")
        logger.logLevel = .error
        Socket.ignoreBrokenPipeSignal()
        Socket.raiseOpenFileLimit()
        let application = try await LoomApplication.make(settings: settings, logger: logger, workersEnabled: workers)
        guard let address = try await application.start() else { fatalError("a full HTTP surface always listens") }
        return BenchTarget(address: address, application: application)
    }

    func stop() async {
        await application?.shutdown()
    }

    /// `http://host:port[/…]` with a numeric host or `localhost`.
    static func parse(_ url: String) throws -> SocketAddress {
        guard url.hasPrefix("http://") else { throw StartupError("--url must start with http:// (got \(url))") }
        var rest = url.dropFirst("http://".count)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = String(rest)
        var port: UInt16 = 80
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            host = String(rest[..<colon])
            guard let parsed = UInt16(rest[rest.index(after: colon)...]) else { throw StartupError("bad port in --url \(url)") }
            port = parsed
        }
        host = host.trimmingCharacters(in: "[]")
        if host == "localhost" { host = "127.0.0.1" }
        guard let address = SocketAddress(host: host, port: port) else {
            throw StartupError("--url needs a numeric host or localhost (got \(host))")
        }
        return address
    }
}

/// A new directory `/tmp/PREFIX-XXXXXX` for a benchmark's files.
func temporaryDirectory(_ prefix: String) throws -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw StartupError("cannot create a temporary directory under /tmp")
    }
    return String(cString: directory)
}

/// A non-empty environment variable.
func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
