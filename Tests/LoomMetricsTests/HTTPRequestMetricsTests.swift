// HTTPRequestMetricsTests: recorded requests appear as labelled counter and histogram series.

import LoomMetrics
import Testing

@Suite struct HTTPRequestMetricsTests {
    /// A cache over a registry nobody else uses, and an exposition of that registry.
    func makeIsolated() -> (HTTPRequestMetrics, MetricsExposition) {
        let registry = MetricsRegistry()
        return (HTTPRequestMetrics(factory: registry.factory), MetricsExposition(registry: registry))
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
        let registry = MetricsRegistry()
        // One cache per "loop thread"; both feed the same series.
        let first = HTTPRequestMetrics(factory: registry.factory)
        let second = HTTPRequestMetrics(factory: registry.factory)
        first.record(method: "GET", route: "/metrics", status: 200, durationNanoseconds: 1_000)
        second.record(method: "GET", route: "/metrics", status: 200, durationNanoseconds: 1_000)
        let text = ExpositionText(MetricsExposition(registry: registry).render())
        #expect(text.value(#"loom_http_requests_total{method="GET",route="/metrics",status="200"}"#) == 2)
        #expect(text.value(#"loom_http_request_duration_seconds_count{method="GET",route="/metrics"}"#) == 2)
    }

    @Test func manyLabelSetsGrowTheCacheAndStayDistinct() {
        let (metrics, exposition) = makeIsolated()
        // Equal-length routes and methods collide in the cache's cheap hash on purpose.
        for round in 1...3 {
            for route in 0..<100 {
                for status in [200, 500] where round <= (status == 200 ? 3 : 1) {
                    metrics.record(method: route % 2 == 0 ? "GET" : "PUT", route: "/r/\(route + 100)",
                                   status: status, durationNanoseconds: 1_000)
                }
            }
        }
        #expect(metrics.cachedLabelSets == 200)
        let text = ExpositionText(exposition.render())
        for route in [0, 1, 57, 99] {
            let method = route % 2 == 0 ? "GET" : "PUT"
            let labels = #"method="\#(method)",route="/r/\#(route + 100)""#
            #expect(text.value("loom_http_requests_total{\(labels),status=\"200\"}") == 3)
            #expect(text.value("loom_http_requests_total{\(labels),status=\"500\"}") == 1)
            #expect(text.value("loom_http_request_duration_seconds_count{\(labels)}") == 4)
        }
    }

    @Test func concurrentLoopsLoseNoCounts() async {
        let registry = MetricsRegistry()
        let factory = registry.factory
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    // Each task is one "loop thread" with its own cache, as in the server.
                    let metrics = HTTPRequestMetrics(factory: factory)
                    for _ in 0..<10_000 {
                        metrics.record(method: "POST", route: "/webhooks/{platform}", status: 202, durationNanoseconds: 1_000)
                    }
                }
            }
        }
        let text = ExpositionText(MetricsExposition(registry: registry).render())
        #expect(text.value(#"loom_http_requests_total{method="POST",route="/webhooks/{platform}",status="202"}"#) == 40_000)
        #expect(text.value(#"loom_http_request_duration_seconds_count{method="POST",route="/webhooks/{platform}"}"#) == 40_000)
        #expect(text.value(#"loom_http_request_duration_seconds_sum{method="POST",route="/webhooks/{platform}"}"#) == 0.04)
    }
}
