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

    /// A blocking `GET` returning the body, or nil on any failure.
    static func get(_ address: SocketAddress, path: String) -> String? {
        BlockingHTTP.request(address, method: "GET", path: path)
    }
}
