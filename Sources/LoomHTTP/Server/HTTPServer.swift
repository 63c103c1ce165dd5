// HTTPServer: binds one SO_REUSEPORT listener per loop, serves the router, shuts down gracefully.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
public import LoomReactor
import LoomMetrics
public import Logging
import Synchronization

/// An HTTP/1.1 server on an `EventLoopGroup`.
public final class HTTPServer: @unchecked Sendable {
    /// Listen address, limits and trusted proxies.
    public let configuration: HTTPServerConfiguration
    /// Routes; fixed once the server starts.
    public let router: Router
    let logger: Logger
    private let group: EventLoopGroup
    private let contexts: [LoopContext]
    private let openConnections = Atomic<Int>(0)
    private let drained = Mutex<[CheckedContinuation<Void, Never>]>([])

    public init(configuration: HTTPServerConfiguration, group: EventLoopGroup, router: Router, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.group = group
        contexts = group.loops.map { LoopContext(loop: $0, metrics: HTTPRequestMetrics()) }
    }

    /// Number of open client connections across all loops.
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Binds and starts accepting on every loop. Returns the bound address (with the real port
    /// when the configuration asked for port 0).
    @discardableResult
    public func start() async throws -> SocketAddress {
        guard var address = SocketAddress(host: configuration.host, port: UInt16(clamping: configuration.port)) else {
            throw SystemError(code: EINVAL, call: "listen address \(configuration.host) is not a numeric IP address")
        }
        var descriptors: [Int32] = []
        do {
            for _ in contexts {
                let fd = try Socket.listen(on: address, reusePort: true, backlog: configuration.backlog)
                descriptors.append(fd)
                // Every further loop must bind the port the first one got.
                if address.port == 0 { address = try Socket.localAddress(fd) }
            }
        } catch {
            descriptors.forEach(Socket.close)
            throw error
        }
        for (context, fd) in zip(contexts, descriptors) {
            try await context.loop.submit { [self] in
                let acceptor = Acceptor(fd: fd, context: context, server: self)
                try acceptor.start()
                context.listeners.append(acceptor)
            }
        }
        return address
    }

    /// Stops accepting, lets in-flight requests finish (idle connections close at once), and
    /// returns when every connection is closed or `grace` has passed (the rest are then closed).
    public func shutdown(grace: Duration) async {
        for context in contexts {
            _ = try? await context.loop.submit { [self] in
                context.shuttingDown = true
                context.listeners.forEach { $0.close() }
                context.listeners.removeAll()
                for connection in Array(context.connections.values) { connection.beginShutdown() }
            }
        }
        let finished = await waitForConnections(timeout: grace)
        if !finished {
            logger.warning("shutdown grace period over; closing remaining connections",
                           metadata: ["connections": "\(connectionCount)"])
            for context in contexts {
                _ = try? await context.loop.submit {
                    for connection in Array(context.connections.values) { connection.close() }
                }
            }
        }
    }

    func connectionOpened() {
        openConnections.wrappingAdd(1, ordering: .relaxed)
    }

    func connectionClosed() {
        let remaining = openConnections.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue
        if remaining == 0 {
            let waiters = drained.withLock { waiters -> [CheckedContinuation<Void, Never>] in
                defer { waiters.removeAll() }
                return waiters
            }
            waiters.forEach { $0.resume() }
        }
    }

    private func waitForConnections(timeout: Duration) async -> Bool {
        if connectionCount == 0 { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { continuation in
                    let resumeNow = drained.withLock { waiters -> Bool in
                        if connectionCount == 0 { return true }
                        waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { drained.withLock { $0.forEach { $0.resume() }; $0.removeAll() } }
            return first
        }
    }
}
