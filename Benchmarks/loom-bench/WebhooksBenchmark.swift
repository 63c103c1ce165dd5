// WebhooksBenchmark: `loom-bench webhooks`: signed, unique, realistic deliveries; durable 202s per second.

import ArgumentParser
import LoomCore

struct WebhooksBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Signed webhook ingestion: every request a new head commit and delivery id, answered after the durable commit.")
    @OptionGroup var options: CommonOptions
    @Option(help: "github, gitlab, gitea, bitbucket, azure-devops, or all (connections spread over the platforms).")
    var platform: String = "github"
    @Flag(help: "Also run the in-process workers (jobs end skipped at once), as `loom serve` does.") var withWorkers = false

    /// The secret the in-process server and the generator share (targets at --url must use it too).
    static let secret = "loom-bench-secret"

    func validate() throws {
        guard platform == "all" || Platform(rawValue: platform) != nil else {
            throw ValidationError("--platform must be one of \(Platform.allCases.map(\.rawValue).joined(separator: ", ")) or all")
        }
    }

    func run() async throws {
        let report = try await Self.measure(options, platform: platform, workers: withWorkers)
        options.json ? BenchReport.printJSON([report]) : BenchReport.printTable([report])
    }

    static func measure(_ options: CommonOptions, platform: String, workers: Bool) async throws -> BenchReport {
        let platforms = platform == "all" ? Platform.allCases : [Platform(rawValue: platform)!]
        let templates = try platforms.map(BenchTemplates.load)
        let target = try await BenchTarget.make(url: options.url, workers: workers) { settings in
            settings.rateLimitEnabled = false
            settings.github.webhookSecret = secret
            settings.gitlab.webhookSecret = secret
            settings.gitea.webhookSecret = secret
            settings.gitea.baseURL = "http://127.0.0.1:9/api/v1"
            settings.bitbucket.webhookSecret = secret
            settings.azureDevOps.webhookSecret = secret
        }
        let backends = target.backends
        let sampler = RSSSampler(address: target.address)
        let idleRSS = sampler.sample() ?? 0
        try sampler.start()
        let host = "\(target.address)"
        let generator = LoadGenerator(address: target.address, connections: options.connections, threads: options.threads,
                                      duration: .milliseconds(Int(options.duration * 1000)), warmUp: .seconds(1),
                                      idleConnections: 0, makeSource: { connection in
            WebhookPayloads(template: templates[connection % templates.count], secret: secret, host: host, connection: connection)
        })
        let result = try await generator.run()
        sampler.stop()
        await target.stop()

        var report = BenchReport(mode: "webhooks")
        report.add("requests", Double(result.requests))
        report.add("accepted_202", Double(result.statusCounts[202] ?? 0))
        report.add("requests_per_second", result.requestsPerSecond.rounded())
        report.add("latency_p50_ms", result.milliseconds(atPercentile: 50))
        report.add("latency_p99_ms", result.milliseconds(atPercentile: 99))
        report.add("latency_p999_ms", result.milliseconds(atPercentile: 99.9))
        report.add("latency_max_ms", Double(result.latency.max) / 1_000_000)
        report.add("errors", Double(result.errors))
        report.add("non_202", Double(result.statusCounts.filter { $0.key != 202 }.values.reduce(0, +)))
        report.add("payload_bytes", Double(templates.map(\.body.count).reduce(0, +) / templates.count))
        report.add("connections", Double(options.connections))
        report.add("server_rss_idle_mb", Double(idleRSS) / 1_048_576)
        report.add("server_rss_peak_mb", Double(sampler.peakBytes) / 1_048_576)
        report.note("platforms", platforms.map(\.rawValue).joined(separator: ","))
        report.note("workers", workers ? "in-process" : "off (ingestion only)")
        if let backends {
            report.note("store", backends.store)
            report.note("queue", backends.queue)
        }
        report.note("target", target.inProcess ? "in-process (RSS includes the load generator)" : "\(target.address)")
        return report
    }
}
