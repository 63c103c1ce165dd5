// ReactorTestSupport: pipes, a running loop, and waiting with a timeout for reactor tests.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomReactor
import Synchronization

/// A non-blocking pipe.
struct Pipe {
    let read: Int32
    let write: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        read = fds[0]
        write = fds[1]
    }

    func send(_ byte: UInt8 = 1) {
        var value = byte
        _ = Glibc.write(write, &value, 1)
    }

    func closeBoth() {
        close(read)
        close(write)
    }
}

/// Counts calls and remembers them, safely across threads.
final class CallLog: Sendable {
    private let entries = Mutex<[String]>([])

    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
    func count(_ entry: String) -> Int { entries.withLock { $0.filter { $0 == entry }.count } }
}

/// An event handler that logs its name and drains its descriptor.
final class LoggingHandler: EventHandler {
    let name: String
    let fd: Int32
    let log: CallLog
    var onEvent: (() -> Void)?

    init(name: String, fd: Int32, log: CallLog) {
        self.name = name
        self.fd = fd
        self.log = log
    }

    func handle(events: IOEvents) {
        log.record(name)
        var buffer = [UInt8](repeating: 0, count: 64)
        _ = read(fd, &buffer, 64)
        onEvent?()
    }
}
