// LoadGenerator: spreads keep-alive connections over client loops, warms up, measures, merges.

import Histogram
import LoomCore
import LoomReactor

/// Results of one measured run.
struct LoadResult {
    var requests: Int
    var seconds: Double
    var latency: Histogram<UInt64>
    var statusCounts: [Int: Int]
    var errors: Int

    var requestsPerSecond: Double { Double(requests) / seconds }

    /// A latency percentile in milliseconds.
    func milliseconds(atPercentile percentile: Double) -> Double {
        Double(latency.valueAtPercentile(percentile)) / 1_000_000
    }
}

/// Runs `connections` request loops against `address` from `threads` client event loops.
struct LoadGenerator {
    let address: SocketAddress
    let connections: Int
    let threads: Int
    let duration: Duration
    let warmUp: Duration
    let idleConnections: Int
    let makeSource: @Sendable (Int) -> any RequestSource

    func run() async throws -> LoadResult {
        let group = try EventLoopGroup(loopCount: threads)
        try group.start(namePrefix: "bench")
        defer { group.shutdown() }
        let perLoop = group.loops.map { _ in LoopState() }

        // Idle connections first, so the measured ones run while the server holds them all.
        for index in 0..<idleConnections {
            let loop = group.loops[index % threads]
            let state = perLoop[index % threads]
            try await loop.submit { [makeSource, address] in
                state.connections.append(try BenchConnection(loop: loop, address: address, source: makeSource(index),
                                                             statistics: state.statistics, buffer: state.buffer, idle: true))
            }
        }
        for index in 0..<connections {
            let loop = group.loops[index % threads]
            let state = perLoop[index % threads]
            try await loop.submit { [makeSource, address] in
                state.connections.append(try BenchConnection(loop: loop, address: address, source: makeSource(index),
                                                             statistics: state.statistics, buffer: state.buffer))
            }
        }
        try await Task.sleep(for: warmUp)
        let clock = SystemClock()
        for (loop, state) in zip(group.loops, perLoop) {
            try await loop.submit { state.statistics.recording = true }
        }
        let started = clock.now()
        try await Task.sleep(for: duration)
        var result = LoadResult(requests: 0, seconds: 0, latency: Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000,
                                                                             numberOfSignificantValueDigits: .three),
                                statusCounts: [:], errors: 0)
        for (loop, state) in zip(group.loops, perLoop) {
            let snapshot = try await loop.submit { () -> Snapshot in
                state.statistics.recording = false
                let idleLost = state.connections.filter { $0.closed }.count
                return Snapshot(latency: state.statistics.latency, completed: state.statistics.completed,
                                statusCounts: state.statistics.statusCounts, errors: state.statistics.errors, closed: idleLost)
            }
            result.latency.add(snapshot.latency)
            result.requests += snapshot.completed
            result.errors += snapshot.errors
            for (status, count) in snapshot.statusCounts { result.statusCounts[status, default: 0] += count }
        }
        result.seconds = (clock.now() - started).seconds
        for (loop, state) in zip(group.loops, perLoop) {
            try await loop.submit {
                for connection in state.connections {
                    connection.stopping = true
                    connection.close()
                }
                state.connections.removeAll()
            }
        }
        return result
    }

    private struct Snapshot: Sendable {
        let latency: Histogram<UInt64>
        let completed: Int
        let statusCounts: [Int: Int]
        let errors: Int
        let closed: Int
    }

    /// Client state of one loop, touched only on that loop.
    private final class LoopState: @unchecked Sendable {
        let statistics = LoopStatistics()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        var connections: [BenchConnection] = []
        deinit { buffer.deallocate() }
    }
}
