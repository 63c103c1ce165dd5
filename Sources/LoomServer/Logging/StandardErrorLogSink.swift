// StandardErrorLogSink: writes each log line to fd 2 with one write(2), serialized across threads.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Writes log lines to standard error.
///
/// One `write(2)` per line keeps lines whole for readers of the pipe (Docker, systemd) up to
/// `PIPE_BUF`; the process-wide lock keeps them whole beyond that too, because a long line that
/// the kernel splits into partial writes would otherwise let another thread's line in between.
public struct StandardErrorLogSink: LogSink {
    /// One lock for every instance: they normally all share file descriptor 2.
    private static let lock = Mutex(())
    private let fileDescriptor: Int32

    /// A sink writing to standard error (descriptor 2), or to `fileDescriptor` (a pipe in tests).
    public init(fileDescriptor: Int32 = 2) {
        self.fileDescriptor = fileDescriptor
    }

    public func write(line: [UInt8]) {
        Self.lock.withLock { _ in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        // EPIPE, EAGAIN on a non-blocking stderr, a closed fd: drop the line.
                        // Logging must never take the server down or block it forever.
                        return
                    }
                }
            }
        }
    }
}
