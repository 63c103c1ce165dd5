// BenchConnection: one keep-alive client connection: send, await the response, record, repeat.

import Histogram
import LoomCore
import LoomReactor

/// Produces the bytes of each request a connection sends (fixed for `GET /health`, fresh and
/// signed for webhooks).
protocol RequestSource: AnyObject {
    func nextRequest() -> [UInt8]
}

/// Per-loop results, merged after the run.
final class LoopStatistics {
    var latency = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    var completed = 0
    var statusCounts: [Int: Int] = [:]
    var errors = 0
    var recording = false
}

/// A client connection driven by the reactor, with one request outstanding at a time (like wrk).
final class BenchConnection: EventHandler {
    private let loop: EventLoop
    private let fd: Int32
    private let source: any RequestSource
    private let statistics: LoopStatistics
    private let buffer: UnsafeMutableRawBufferPointer
    private let idle: Bool
    private var registration: Registration?
    private var connected = false
    private var input: [UInt8] = []
    private var outgoing: [UInt8] = []
    private var sentAt = Instant.zero
    private(set) var closed = false
    var stopping = false

    /// Connects to `address`. An `idle` connection only connects and then sits (keep-alive test).
    init(loop: EventLoop, address: SocketAddress, source: any RequestSource, statistics: LoopStatistics,
         buffer: UnsafeMutableRawBufferPointer, idle: Bool = false) throws {
        self.loop = loop
        self.source = source
        self.statistics = statistics
        self.buffer = buffer
        self.idle = idle
        fd = try Socket.connect(to: address)
        Socket.setNoDelay(fd)
        registration = try loop.register(fd: fd, interest: .write, handler: self)
    }

    func handle(events: IOEvents) {
        guard !closed else { return }
        if !connected {
            if let error = Socket.pendingError(fd) {
                statistics.errors += 1
                print("connect failed: \(error)")
                return close()
            }
            connected = true
            if idle {
                try? loop.modify(registration!, interest: .read)
                return
            }
            sendNext()
            return
        }
        if events.contains(.writable) { writeOutgoing() }
        if !events.isDisjoint(with: [.readable, .hangUp, .error, .readHangUp]) { readResponses() }
    }

    private func sendNext() {
        guard !stopping else { return close() }
        outgoing = source.nextRequest()
        sentAt = loop.clock.now()
        writeOutgoing()
    }

    private func writeOutgoing() {
        while !outgoing.isEmpty {
            let result = outgoing.withUnsafeBytes { Socket.write(fd, $0) }
            switch result {
            case .transferred(let count):
                outgoing.removeFirst(count)
            case .wouldBlock:
                try? loop.modify(registration!, interest: [.read, .write])
                return
            case .endOfFile, .failed:
                statistics.errors += 1
                return close()
            }
        }
        try? loop.modify(registration!, interest: .read)
    }

    private func readResponses() {
        switch Socket.read(fd, into: buffer) {
        case .transferred(let count):
            if idle {
                statistics.errors += 1  // an idle connection should hear nothing
                return close()
            }
            input.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            let response = input.withUnsafeBytes { ResponseScanner.scan($0) }
            guard let response else { return }
            input.removeFirst(response.length)
            if statistics.recording {
                let elapsed = loop.clock.now().nanoseconds &- sentAt.nanoseconds
                _ = statistics.latency.record(max(elapsed, 1))
                statistics.completed += 1
                statistics.statusCounts[response.status, default: 0] += 1
            }
            sendNext()
        case .wouldBlock:
            return
        case .endOfFile, .failed:
            if !stopping { statistics.errors += 1 }
            close()
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        if let registration { loop.deregister(registration) }
        Socket.close(fd)
    }
}
