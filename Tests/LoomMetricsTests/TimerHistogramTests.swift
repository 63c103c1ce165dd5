// TimerHistogramTests: bucket placement, exposition, label handling and removal of Timer histograms.

import CoreMetrics
@testable import LoomMetrics
import Prometheus
import Testing

@Suite struct TimerHistogramTests {
    func render(_ registry: MetricsRegistry) -> ExpositionText {
        ExpositionText(MetricsExposition(registry: registry).render())
    }

    @Test func boundsAreInclusiveAndOverflowGoesToInf() {
        let registry = MetricsRegistry()
        let timer = Timer(label: "t_seconds", factory: registry.factory)
        timer.recordNanoseconds(100_000)  // exactly 0.0001 s: `le` is "less than or equal"
        timer.recordNanoseconds(100_001)
        timer.recordNanoseconds(-5)  // a clock step backwards counts as zero, not as a negative sum
        timer.recordNanoseconds(301_000_000_000)
        let text = render(registry)
        #expect(text.contains(line: "# TYPE t_seconds histogram"))
        #expect(text.value(#"t_seconds_bucket{le="0.0001"}"#) == 2)
        #expect(text.value(#"t_seconds_bucket{le="0.00025"}"#) == 3)
        #expect(text.value(#"t_seconds_bucket{le="300.0"}"#) == 3)
        #expect(text.value(#"t_seconds_bucket{le="+Inf"}"#) == 4)
        #expect(text.value("t_seconds_count") == 4)
        #expect(text.value("t_seconds_sum") == 301.000200001)
    }

    @Test func labelOrderDoesNotSplitASeriesAndValuesAreEscaped() {
        let registry = MetricsRegistry()
        Timer(label: "u_seconds", dimensions: [("b", "2"), ("a", #"x"y\z"#)], factory: registry.factory)
            .recordNanoseconds(1)
        Timer(label: "u_seconds", dimensions: [("a", #"x"y\z"#), ("b", "2")], factory: registry.factory)
            .recordNanoseconds(1)
        let text = render(registry)
        #expect(text.value(#"u_seconds_count{a="x\"y\\z",b="2"}"#) == 2)
        #expect(text.lines.filter { $0.hasPrefix("u_seconds_count") }.count == 1)
    }

    @Test func invalidNamesAreSanitisedLikeSwiftPrometheus() {
        #expect(PrometheusText.sanitize("loom_ok:name_1") == "loom_ok:name_1")
        #expect(PrometheusText.sanitize("http.server-duration") == "http_server_duration")
        #expect(PrometheusText.sanitize("9lives") == "_9lives")
        #expect(PrometheusText.sanitize("a:b", allowColon: false) == "a_b")
        #expect(PrometheusText.seconds(nanoseconds: 250_000) == "0.00025")
        #expect(PrometheusText.seconds(nanoseconds: 120_000_000_000) == "120.0")
    }

    @Test func destroyedTimersLeaveTheExposition() {
        let registry = MetricsRegistry()
        let timer = Timer(label: "gone_seconds", factory: registry.factory)
        timer.recordNanoseconds(1)
        #expect(render(registry).value("gone_seconds_count") == 1)
        timer.destroy()
        #expect(!render(registry).text.contains("gone_seconds"))
    }

    @Test func otherMetricTypesStillGoToSwiftPrometheus() {
        let registry = MetricsRegistry()
        Counter(label: MetricsNames.findingsTotal, dimensions: [("severity", "error")], factory: registry.factory)
            .increment(by: 3)
        Gauge(label: MetricsNames.queueDepth, dimensions: [("queue", "default")], factory: registry.factory).record(7)
        Recorder(label: MetricsNames.queueLatencySeconds, factory: registry.factory).record(0.3)
        let text = render(registry)
        #expect(text.contains(line: "# TYPE loom_findings_total counter"))
        #expect(text.value(#"loom_findings_total{severity="error"}"#) == 3)
        #expect(text.contains(line: "# TYPE loom_queue_depth gauge"))
        #expect(text.value(#"loom_queue_depth{queue="default"}"#) == 7)
        // An aggregating Recorder of a `_seconds` name gets the seconds buckets too.
        #expect(text.value(#"loom_queue_latency_seconds_bucket{le="0.5"}"#) == 1)
        #expect(text.value(#"loom_queue_latency_seconds_bucket{le="0.25"}"#) == 0)
    }

    @Test func helpLinesAreAddedOnceEach() {
        let registry = MetricsRegistry()
        Counter(label: MetricsNames.jobsTotal, dimensions: [("state", "done")], factory: registry.factory).increment()
        Counter(label: "third_party_total", factory: registry.factory).increment()
        _ = registry.prometheus.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "documented", unitName: "items", helpText: "Has its own help."))
        let text = render(registry)
        #expect(text.contains(line: "# HELP loom_jobs_total Review job state transitions, by state."))
        #expect(text.contains(line: "# HELP third_party_total Metric third_party_total."))
        #expect(text.lines.filter { $0.hasPrefix("# HELP documented_items ") }.count == 1)
        let helps = text.lines.filter { $0.hasPrefix("# HELP ") }.count
        let types = text.lines.filter { $0.hasPrefix("# TYPE ") }.count
        #expect(helps == types)
    }
}
