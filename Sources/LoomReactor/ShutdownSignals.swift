// ShutdownSignals: SIGTERM and SIGINT turned into bytes on a pipe that a loop can watch.

#if canImport(Glibc)
import Glibc
#endif
internal import CLoomSys
import LoomCore

/// Delivers SIGTERM/SIGINT to a loop as ordinary readiness events.
///
/// A signal handler may do almost nothing safely, so the C handler only writes the signal number
/// to a pipe (the classic self-pipe trick); the loop reads it and runs Swift code normally.
public final class ShutdownSignals: @unchecked Sendable {
    private let fd: Int32
    private var registration: Registration?

    private init(fd: Int32) { self.fd = fd }

    /// Installs the handlers (once per process).
    public static func install() throws -> ShutdownSignals {
        let fd = loom_shutdown_pipe_install()
        guard fd >= 0 else { throw SystemError.last("sigaction") }
        return ShutdownSignals(fd: fd)
    }

    /// Calls `handler` with each signal number on `loop`'s thread. Call from that loop.
    public func watch(on loop: EventLoop, _ handler: @escaping (Int32) -> Void) throws {
        registration = try loop.register(fd: fd, interest: .read, handler: Reader(fd: fd, onSignal: handler))
    }

    private final class Reader: EventHandler {
        let fd: Int32
        let onSignal: (Int32) -> Void

        init(fd: Int32, onSignal: @escaping (Int32) -> Void) {
            self.fd = fd
            self.onSignal = onSignal
        }

        func handle(events: IOEvents) {
            var byte: UInt8 = 0
            while read(fd, &byte, 1) == 1 { onSignal(Int32(byte)) }
        }
    }
}
