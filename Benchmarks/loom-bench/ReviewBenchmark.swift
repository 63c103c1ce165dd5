// ReviewBenchmark: `loom-bench review`: Loom's own CPU per review of a 500-line, 10-file PR with 3 pipelines.

import ArgumentParser
import Foundation
import LoomCore
import LoomCrypto
import LoomReactor

struct ReviewBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "CPU per review (fetch, config, prompts, parse, anchor, post) against local servers that answer at once.")
    @Option(help: "Reviews to run.") var reviews: Int = 30
    @Option(help: "Files in the PR.") var files: Int = 10
    @Option(help: "Added lines per file.") var lines: Int = 50
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() async throws {
        let report = try await Self.measure(reviews: reviews, files: files, lines: lines)
        json ? BenchReport.printJSON([report]) : BenchReport.printTable([report])
    }

    static let secret = "loom-bench-secret"

    static func measure(reviews: Int, files: Int, lines: Int) async throws -> BenchReport {
        let diff = (0..<files).map { file in
            "diff --git a/src/f\(file).swift b/src/f\(file).swift\nnew file mode 100644\n--- /dev/null\n+++ b/src/f\(file).swift\n"
                + "@@ -0,0 +1,\(lines) @@\n" + (1...lines).map { "+let value\($0) = compute(\($0)) // file \(file)\n" }.joined()
        }.joined()
        let reply = "[" + (0..<files).map { file in
            #"{"file":"src/f\#(file).swift","line":\#(1 + file % lines),"severity":"warning","message":"compute may overflow in file \#(file)"}"#
        }.joined(separator: ",") + "]"
        let config: @Sendable (String) -> String = { baseURL in
            """
            models:
              bench:
                base_url: \(baseURL)/v1
                model: bench-model
            pipelines:
              - name: security
                model: bench
              - name: bugs
                model: bench
              - name: style
                model: bench
            """
        }
        let github = try await BenchGitHub.start(diff: diff, config: config, prompt: "Review:\n{{diff}}\n", reply: reply)
        let target = try await BenchTarget.make(url: nil, workers: true) { settings in
            settings.rateLimitEnabled = false
            settings.github.webhookSecret = secret
            settings.github.apiToken = "bench-token"
            settings.github.apiURL = github.baseURL
            settings.adminToken = "bench-admin"
            settings.workers = 3
        }
        let template = String(decoding: try [UInt8](Data(contentsOf: URL(fileURLWithPath: BenchTemplates.directory + "/github/pull_request.opened.json"))),
                              as: UTF8.self).replacingOccurrences(of: "Hello-World", with: "app")
            .replacingOccurrences(of: "Codertocat", with: "bench")
        // Bodies and signatures are made before the clock starts: only Loom's work is measured.
        let deliveries = (0..<reviews).map { index -> (head: String, body: [UInt8], signature: String) in
            let head = String(format: "%040x", 0xABC0000 + index)
            let body = Array(template.replacingOccurrences(of: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", with: head)
                .replacingOccurrences(of: "\"number\": 2,", with: "\"number\": \(index + 1),").utf8)
            return (head, body, body.withUnsafeBytes { Hex.encode(Digest.hmac(.sha256, key: Array(secret.utf8), message: $0)) })
        }
        let before = processCPUSeconds()
        let clock = SystemClock()
        let started = clock.now()
        for (index, delivery) in deliveries.enumerated() {
            github.setHead(index + 1, delivery.head)
            let (body, signature) = (delivery.body, delivery.signature)
            _ = BlockingHTTP.request(target.address, method: "POST", path: "/webhooks/github", body: body, headers: [
                ("Content-Type", "application/json"), ("X-GitHub-Event", "pull_request"),
                ("X-GitHub-Delivery", "bench-review-\(index)"), ("X-Hub-Signature-256", "sha256=" + signature),
            ])
        }
        var done = 0
        let deadline = clock.now() + .seconds(120)
        while done < reviews && clock.now() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let listing = BlockingHTTP.request(target.address, method: "GET", path: "/api/jobs?status=completed&limit=500",
                                               headers: [("Authorization", "Bearer bench-admin")]) ?? ""
            done = listing.components(separatedBy: "\"status\":\"completed\"").count - 1
        }
        if done < reviews {
            // Say why, instead of reporting a number for work that did not happen.
            let listing = BlockingHTTP.request(target.address, method: "GET", path: "/api/jobs?limit=3",
                                               headers: [("Authorization", "Bearer bench-admin")]) ?? "(no answer)"
            print("loom-bench review: only \(done) of \(reviews) reviews completed; latest jobs: \(listing)")
        }
        if ProcessEnvironment.value("LOOM_BENCH_DEBUG") != nil {
            print(BlockingHTTP.request(target.address, method: "GET", path: "/api/jobs?limit=2",
                                       headers: [("Authorization", "Bearer bench-admin")]) ?? "")
        }
        let elapsed = (clock.now() - started).seconds
        let cpu = processCPUSeconds() - before
        await target.stop()
        await github.stop()

        var report = BenchReport(mode: "review")
        report.add("reviews_completed", Double(done))
        report.add("cpu_ms_per_review", done > 0 ? (cpu / Double(done) * 1000 * 1000).rounded() / 1000 : 0)
        report.add("wall_ms_per_review", done > 0 ? (elapsed / Double(done) * 1000 * 1000).rounded() / 1000 : 0)
        report.add("files", Double(files))
        report.add("changed_lines", Double(files * lines))
        report.add("pipelines", 3)
        report.note("includes", "webhook ingestion, the local GitHub and model servers, and the load generator (an upper bound)")
        return report
    }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
