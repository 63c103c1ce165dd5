// LoopContext: what the HTTP server keeps per event loop: read buffer, date line, metrics, connections.

import LoomCore
import LoomMetrics
import LoomReactor

/// Per-loop server state, touched only on that loop's thread, so none of it needs a lock.
// Sendable only so it can be passed to work posted onto its own loop; never touched elsewhere.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    /// One read buffer shared by every connection of the loop: a connection copies bytes out only
    /// when a request spans reads, so 10,000 idle connections hold no buffers at all.
    let readBuffer: UnsafeMutableRawBufferPointer
    let metrics: HTTPRequestMetrics
    var dateCache = DateHeaderCache()
    var connections: [Int32: HTTPConnection] = [:]
    var listeners: [Acceptor] = []
    var shuttingDown = false

    static let readBufferSize = 64 * 1024

    init(loop: EventLoop, metrics: HTTPRequestMetrics) {
        self.loop = loop
        self.metrics = metrics
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// The current `Date:` header line.
    func dateLine() -> [UInt8] {
        dateCache.line(at: loop.clock.wallNanoseconds())
    }
}
