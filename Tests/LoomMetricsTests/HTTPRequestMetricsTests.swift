// HTTPRequestMetricsTests: recorded requests appear as labelled counter and histogram series.

import LoomMetrics
import Prometheus
import Testing

@Suite struct HTTPRequestMetricsTests {
    /// A cache over a registry nobody else uses, and an exposition of that registry.
    func makeIsolated() -> (HTTPRequestMetrics, MetricsExposition) {
        let registry = PrometheusCollectorRegistry()
        let metrics = HTTPRequestMetrics(factory: LoomMetricsSystem.makeFactory(registry: registry))
        return (metrics, MetricsExposition(registry: registry))
    }

    @Test func countsAndTimesRequestsPerRoute() {
        let (metrics, exposition) = makeIsolated()
        for micros: UInt64 in [100, 200, 300] {
            metrics.record(method: "GET", route: "/healthz", status: 200, durationNanoseconds: micros * 1000)
        }
        metrics.record(method: "POST", route: "/webhooks/{platform}", status: 202, durationNanoseconds: 2_000_000_000)
        let text = ExpositionText(exposition.render())

        #expect(text.contains(line: "# TYPE loom_http_requests_total counter"))
        #expect(text.value(#"loom_http_requests_total{method="GET",route="/healthz",status="200"}"#) == 3)
        #expect(text.value(#"loom_http_requests_total{method="POST",route="/webhooks/{platform}",status="202"}"#) == 1)

        #expect(text.contains(line: "# TYPE loom_http_request_duration_seconds histogram"))
        let get = #"method="GET",route="/healthz""#
        #expect(text.value("loom_http_request_duration_seconds_count{\(get)}") == 3)
        #expect(text.value("loom_http_request_duration_seconds_sum{\(get)}") == 0.0006)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(get),le="0.0001"}"#) == 1)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(get),le="0.00025"}"#) == 2)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(get),le="0.0005"}"#) == 3)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(get),le="300.0"}"#) == 3)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(get),le="+Inf"}"#) == 3)

        let post = #"method="POST",route="/webhooks/{platform}""#
        #expect(text.value("loom_http_request_duration_seconds_count{\(post)}") == 1)
        #expect(text.value("loom_http_request_duration_seconds_sum{\(post)}") == 2)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(post),le="1.0"}"#) == 0)
        #expect(text.value(#"loom_http_request_duration_seconds_bucket{\#(post),le="2.5"}"#) == 1)
        #expect(text.contains(line: "# HELP loom_http_requests_total HTTP requests served, by method, route pattern and status."))
    }

    @Test func statusesSplitTheCounterButShareTheHistogram() {
        let (metrics, exposition) = makeIsolated()
        metrics.record(method: "GET", route: "unmatched", status: 404, durationNanoseconds: 50_000)
        metrics.record(method: "GET", route: "unmatched", status: 404, durationNanoseconds: 50_000)
        metrics.record(method: "GET", route: "unmatched", status: 405, durationNanoseconds: 50_000)
        let text = ExpositionText(exposition.render())
        #expect(text.value(#"loom_http_requests_total{method="GET",route="unmatched",status="404"}"#) == 2)
        #expect(text.value(#"loom_http_requests_total{method="GET",route="unmatched",status="405"}"#) == 1)
        #expect(text.value(#"loom_http_request_duration_seconds_count{method="GET",route="unmatched"}"#) == 3)
        #expect(metrics.cachedLabelSets == 2)
    }

    @Test func instancesOnSeveralThreadsAddUpInOneRegistry() {
        let registry = PrometheusCollectorRegistry()
        let factory = LoomMetricsSystem.makeFactory(registry: registry)
        // One cache per "loop thread"; both feed the same series.
        let first = HTTPRequestMetrics(factory: factory)
        let second = HTTPRequestMetrics(factory: factory)
        first.record(method: "GET", route: "/metrics", status: 200, durationNanoseconds: 1_000)
        second.record(method: "GET", route: "/metrics", status: 200, durationNanoseconds: 1_000)
        let text = ExpositionText(MetricsExposition(registry: registry).render())
        #expect(text.value(#"loom_http_requests_total{method="GET",route="/metrics",status="200"}"#) == 2)
        #expect(text.value(#"loom_http_request_duration_seconds_count{method="GET",route="/metrics"}"#) == 2)
    }
}
