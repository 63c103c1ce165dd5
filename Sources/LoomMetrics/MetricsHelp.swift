// MetricsHelp: HELP texts for Loom's metrics, inserted into the exposition where swift-metrics left none.

/// Supplies the `# HELP` lines that metrics made through swift-metrics lack.
///
/// swift-metrics has no notion of help text, so swift-prometheus registers those metrics with an
/// empty one and emits no `# HELP` line, which `promtool check metrics` reports as a lint error.
/// The registry also refuses to mix help texts for one name, so the text cannot be registered
/// beforehand. Instead the rendered body is copied once and a `# HELP` line is inserted before every
/// `# TYPE` line that has none. That costs one pass over a few KiB per scrape and nothing per sample.
enum MetricsHelp {
    /// Help for the SPEC §8 metrics, keyed by name.
    static let texts: [String: String] = [
        MetricsNames.httpRequestsTotal: "HTTP requests served, by method, route pattern and status.",
        MetricsNames.httpRequestDurationSeconds: "HTTP request duration in seconds, by method and route pattern.",
        MetricsNames.webhooksTotal: "Webhook deliveries received, by platform and outcome.",
        MetricsNames.jobsTotal: "Review job state transitions, by state.",
        MetricsNames.queueDepth: "Review jobs waiting, by queue.",
        MetricsNames.queueLatencySeconds: "Time from enqueue to start of a review job in seconds.",
        MetricsNames.jobDurationSeconds: "Review job duration in seconds, by outcome.",
        MetricsNames.llmRequestsTotal: "LLM requests, by model and outcome.",
        MetricsNames.llmTokensTotal: "LLM tokens, by model and direction.",
        MetricsNames.llmRequestDurationSeconds: "LLM request duration in seconds.",
        MetricsNames.platformRequestsTotal: "Code host API requests, by platform and status.",
        MetricsNames.commentsPostedTotal: "Comments posted on pull requests, by platform and kind.",
        MetricsNames.findingsTotal: "Review findings produced, by severity.",
    ]

    /// Help for a metric without a registered text: still a valid, honest HELP line.
    static func text(for name: String) -> String {
        texts[name] ?? "Metric \(name)."
    }

    /// Appends `body` to `output`, adding a `# HELP` line before each `# TYPE` line not already
    /// preceded by one.
    static func insertMissingHelp(from body: [UInt8], into output: inout [UInt8]) {
        let typePrefix = Array("# TYPE ".utf8)
        let helpPrefix = Array("# HELP ".utf8)
        var previousWasHelp = false
        var lineStart = 0
        while lineStart < body.count {
            let lineEnd = body[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? body.count
            let line = body[lineStart..<lineEnd]
            if !previousWasHelp, line.starts(with: typePrefix) {
                let name = line.dropFirst(typePrefix.count).prefix(while: { $0 != UInt8(ascii: " ") })
                let nameString = String(decoding: name, as: UTF8.self)
                output.append(contentsOf: helpPrefix)
                output.append(contentsOf: name)
                output.append(UInt8(ascii: " "))
                // Registered texts have no backslash or newline, so they need no escaping.
                output.append(contentsOf: text(for: nameString).utf8)
                output.append(UInt8(ascii: "\n"))
            }
            previousWasHelp = line.starts(with: helpPrefix)
            output.append(contentsOf: body[lineStart..<min(lineEnd + 1, body.count)])
            lineStart = lineEnd + 1
        }
    }
}
