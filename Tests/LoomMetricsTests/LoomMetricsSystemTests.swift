// LoomMetricsSystemTests: bootstrap is idempotent and swift-metrics types come out under the SPEC names.

#if canImport(Glibc)
import Glibc
#endif
import CoreMetrics
import LoomMetrics
import Testing

@Suite struct LoomMetricsSystemTests {
    @Test func bootstrapTwiceReturnsTheSameRegistry() {
        let first = LoomMetricsSystem.bootstrap()
        let second = LoomMetricsSystem.bootstrap()
        #expect(first === second)
        #expect(MetricsExposition().registry === first)
    }

    @Test func swiftMetricsCounterAndTimerKeepTheirNames() {
        LoomMetricsSystem.bootstrap()
        // Route values unique to this test: the global registry is shared by the whole process.
        let dims = [("method", "GET"), ("route", "/system-test")]
        Counter(label: MetricsNames.httpRequestsTotal, dimensions: dims + [("status", "200")]).increment(by: 2)
        Timer(label: MetricsNames.httpRequestDurationSeconds, dimensions: dims).recordMilliseconds(3)
        let text = ExpositionText(MetricsExposition().render())

        #expect(text.contains(line: "# TYPE loom_http_requests_total counter"))
        #expect(text.value(#"loom_http_requests_total{method="GET",route="/system-test",status="200"}"#) == 2)
        #expect(text.contains(line: "# TYPE loom_http_request_duration_seconds histogram"))
        let series = #"method="GET",route="/system-test""#
        #expect(text.value("loom_http_request_duration_seconds_sum{\(series)}") == 0.003)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(series),le="0.0025"}"#) == 0)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(series),le="0.005"}"#) == 1)
        // Exactly Loom's twenty buckets plus +Inf, not the swift-prometheus defaults.
        let buckets = text.lines.filter { $0.hasPrefix("loom_http_request_duration_seconds_bucket{\(series)") }
        #expect(buckets.count == 21)
        #expect(LoomMetricsSystem.durationBuckets.count == 20)
    }

    @Test func everyNameIsASpecName() {
        #expect(Set(MetricsNames.all).count == 13)
        #expect(MetricsNames.all.allSatisfy { $0.hasPrefix("loom_") })
        #expect(MetricsExposition.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }

    /// Runs `promtool check metrics` (Debian's `prometheus` package, installed by `.ci/run`) on a
    /// real exposition, so the output stays valid for a stock Prometheus.
    @Test func promtoolAcceptsTheExposition() throws {
        try #require(access("/usr/bin/promtool", X_OK) == 0, "install Debian's prometheus package for promtool")
        LoomMetricsSystem.bootstrap()
        Counter(label: MetricsNames.findingsTotal, dimensions: [("severity", "warning")]).increment()
        Gauge(label: MetricsNames.queueDepth, dimensions: [("queue", "local")]).record(4)
        Timer(label: MetricsNames.llmRequestDurationSeconds).recordSeconds(42)
        let body = MetricsExposition().render()

        var template = Array("/tmp/loom-metrics-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(fd >= 0)
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let written = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(written == body.count)

        let pipe = try #require(popen("/usr/bin/promtool check metrics < \(path) 2>&1", "r"))
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if n == 0 { break }
            output.append(contentsOf: chunk[0..<n])
        }
        let status = pclose(pipe)
        #expect(status == 0, "promtool: \(String(decoding: output, as: UTF8.self))")
    }
}
