// RSSSampler: polls the server's /metrics for process_resident_memory_bytes and keeps the peak.

#if canImport(Glibc)
import Glibc
#endif
import LoomReactor
import Synchronization

/// Samples the target's resident memory from its own `/metrics`, so the figure is the server's
/// even when it runs in another process (`--url`).
final class RSSSampler: Sendable {
    private let address: SocketAddress
    private let state = Mutex<(peak: Int, last: Int, running: Bool)>((0, 0, true))
    private let thread = Mutex<LoopThread?>(nil)

    init(address: SocketAddress) {
        self.address = address
    }

    var peakBytes: Int { state.withLock { $0.peak } }
    var lastBytes: Int { state.withLock { $0.last } }

    /// One sample now (blocking), also recorded as a possible peak.
    @discardableResult
    func sample() -> Int? {
        guard let body = Self.get(address, path: "/metrics") else { return nil }
        for line in body.split(separator: "\n") where line.hasPrefix("process_resident_memory_bytes ") {
            guard let value = Double(line.dropFirst("process_resident_memory_bytes ".count)) else { continue }
            let bytes = Int(value)
            state.withLock {
                $0.last = bytes
                $0.peak = max($0.peak, bytes)
            }
            return bytes
        }
        return nil
    }

    /// Samples every 200 ms on a background thread until `stop()`.
    func start() throws {
        let started = try LoopThread(name: "bench-rss") { [self] in
            while state.withLock({ $0.running }) {
                sample()
                usleep(200_000)
            }
        }
        thread.withLock { $0 = started }
    }

    func stop() {
        state.withLock { $0.running = false }
        thread.withLock { $0?.join(); $0 = nil }
    }

    private static func headLength(_ bytes: [UInt8]) -> Int {
        var index = 3
        while index < bytes.count {
            if bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    /// A blocking `GET` returning the body, or nil on any failure.
    static func get(_ address: SocketAddress, path: String) -> String? {
        guard let fd = try? Socket.connect(to: address) else { return nil }
        defer { Socket.close(fd) }
        var pollDescriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&pollDescriptor, 1, 2000) == 1, Socket.pendingError(fd) == nil else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n\r\n".utf8)
        guard case .transferred = request.withUnsafeBytes({ Socket.write(fd, $0) }) else { return nil }
        var received: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollDescriptor, 1, 2000) == 1 else { return nil }
            switch Socket.read(fd, into: buffer) {
            case .transferred(let count): received.append(contentsOf: buffer[0..<count])
            case .wouldBlock: continue
            case .endOfFile:
                return String(decoding: received[headLength(received)...], as: UTF8.self)
            case .failed: return nil
            }
        }
    }
}
