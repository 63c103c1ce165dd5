// HTTPBenchmark: `loom-bench http`: GET /health over keep-alive connections, optionally with idle ones held.

import ArgumentParser
import LoomCore
import LoomMetrics

struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http", abstract: "GET /health requests/s and latency percentiles over keep-alive connections.")
    @OptionGroup var options: CommonOptions
    @Option(help: "Extra idle keep-alive connections held open during the run (e.g. 10000).") var idle: Int = 0

    func run() async throws {
        let report = try await Self.measure(options, idle: idle)
        options.json ? BenchReport.printJSON([report]) : BenchReport.printTable([report])
    }

    static func measure(_ options: CommonOptions, idle: Int) async throws -> BenchReport {
        let target = try await BenchTarget.make(url: options.url)
        let sampler = RSSSampler(address: target.address)
        let idleRSS = sampler.sample() ?? 0
        try sampler.start()
        let request = Array("GET /health HTTP/1.1\r\nHost: \(target.address)\r\nUser-Agent: loom-bench\r\n\r\n".utf8)
        let generator = LoadGenerator(address: target.address, connections: options.connections, threads: options.threads,
                                      duration: .milliseconds(Int(options.duration * 1000)), warmUp: .seconds(1),
                                      idleConnections: idle, makeSource: { _ in FixedRequest(request) })
        let result = try await generator.run()
        sampler.stop()
        await target.stop()

        var report = BenchReport(mode: "http")
        report.add("requests", Double(result.requests))
        report.add("requests_per_second", result.requestsPerSecond.rounded())
        report.add("latency_p50_ms", result.milliseconds(atPercentile: 50))
        report.add("latency_p99_ms", result.milliseconds(atPercentile: 99))
        report.add("latency_p999_ms", result.milliseconds(atPercentile: 99.9))
        report.add("latency_max_ms", Double(result.latency.max) / 1_000_000)
        report.add("errors", Double(result.errors))
        report.add("non_2xx", Double(result.statusCounts.filter { $0.key >= 300 }.values.reduce(0, +)))
        report.add("connections", Double(options.connections))
        report.add("idle_connections", Double(idle))
        report.add("server_rss_idle_mb", Double(idleRSS) / 1_048_576)
        report.add("server_rss_peak_mb", Double(sampler.peakBytes) / 1_048_576)
        report.note("target", target.inProcess ? "in-process (RSS includes the load generator)" : "\(target.address)")
        return report
    }
}

/// The same request every time.
final class FixedRequest: RequestSource {
    private let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func nextRequest() -> [UInt8] { bytes }
}
