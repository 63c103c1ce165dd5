// Acceptor: accepts connections on one loop's listening socket and hands them to HTTPConnection.

import LoomCore
import LoomReactor
import Logging

/// The listening socket of one loop. With `SO_REUSEPORT` every loop has its own, and the kernel
/// spreads incoming connections over them, so no accept lock or hand-off between threads is needed.
final class Acceptor: EventHandler {
    let fd: Int32
    private let context: LoopContext
    private let server: HTTPServer
    private var registration: Registration?
    private var backoffTimer: TimerID?

    init(fd: Int32, context: LoopContext, server: HTTPServer) {
        self.fd = fd
        self.context = context
        self.server = server
    }

    func start() throws {
        registration = try context.loop.register(fd: fd, interest: .read, handler: self)
    }

    func handle(events: IOEvents) {
        // Accept a bounded batch per wake-up so a connection storm cannot starve existing clients.
        for _ in 0..<64 {
            switch Socket.accept(fd) {
            case .accepted(let connectionFD, let peer):
                guard !context.shuttingDown else {
                    Socket.close(connectionFD)
                    continue
                }
                Socket.setNoDelay(connectionFD)
                let connection = HTTPConnection(fd: connectionFD, peer: peer, context: context, server: server)
                do {
                    try connection.start()
                } catch {
                    Socket.close(connectionFD)
                }
            case .wouldBlock:
                return
            case .failed(let error):
                // Out of descriptors: the listener stays readable and would spin; pause it briefly.
                server.logger.error("accept failed; pausing accepts for 100 ms", metadata: ["error": "\(error)"])
                pause()
                return
            }
        }
    }

    private func pause() {
        guard let registration, backoffTimer == nil else { return }
        try? context.loop.modify(registration, interest: .none)
        backoffTimer = context.loop.scheduleTimer(at: context.loop.clock.now() + .milliseconds(100)) { [self] in
            backoffTimer = nil
            if !context.shuttingDown { try? context.loop.modify(registration, interest: .read) }
        }
    }

    /// Stops accepting and closes the listening socket.
    func close() {
        if let backoffTimer { context.loop.cancelTimer(backoffTimer) }
        if let registration { context.loop.deregister(registration) }
        registration = nil
        Socket.close(fd)
    }
}
