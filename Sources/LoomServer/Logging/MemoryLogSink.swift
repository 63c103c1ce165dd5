// MemoryLogSink: keeps log lines in memory so tests can read exactly what would have been written.

import Synchronization

/// A sink that records lines instead of writing them; for tests.
public final class MemoryLogSink: LogSink {
    private let storage = Mutex<[String]>([])

    public init() {}

    public func write(line: [UInt8]) {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        storage.withLock { $0.append(text) }
    }

    /// The lines written so far, oldest first, without their trailing newlines.
    public var lines: [String] { storage.withLock { $0 } }

    /// Forgets the lines written so far.
    public func clear() { storage.withLock { $0.removeAll() } }
}
