// LoomBench: `loom-bench`: measures Loom with its own keep-alive load generator (SPEC §9).

import ArgumentParser
import LoomCore

@main
struct LoomBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loom-bench",
        abstract: "Measure Loom: GET /health throughput and latency, webhook ingestion, queue latency.",
        subcommands: [HTTPBenchmark.self, WebhooksBenchmark.self, QueueBenchmark.self, ReviewBenchmark.self, AllBenchmarks.self],
        defaultSubcommand: AllBenchmarks.self)
}

/// Options every mode shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Seconds to measure (after a 1 s warm-up).") var duration: Double = 10
    @Option(help: "Keep-alive connections sending requests.") var connections: Int = 64
    @Option(help: "Client event-loop threads.") var threads: Int = 1
    @Option(help: "Target a running server instead of starting one in-process, e.g. http://127.0.0.1:8000.") var url: String?
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be positive") }
        guard connections > 0 else { throw ValidationError("--connections must be positive") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }
}

struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Every available benchmark.")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        let reports = [
            try await HTTPBenchmark.measure(options, idle: 0),
            try await WebhooksBenchmark.measure(options, platform: "github", workers: false),
            try await QueueBenchmark.measure(duration: options.duration, rate: 1000,
                                             shape: QueueBench.Shape(workers: 3, replicas: 2, databaseURL: environmentValue("DATABASE_URL"),
                                                                     redisURL: environmentValue("REDIS_URL")),
                                             throughputJobs: 20_000),
        ]
        options.json ? BenchReport.printJSON(reports) : BenchReport.printTable(reports)
    }
}
