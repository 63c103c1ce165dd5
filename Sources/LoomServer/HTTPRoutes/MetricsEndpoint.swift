// MetricsEndpoint: GET /metrics in the Prometheus text format.

import LoomHTTP
import LoomMetrics

/// `GET /metrics`: every registered metric plus process metrics read from /proc at scrape time.
struct MetricsEndpoint: Sendable {
    let exposition: MetricsExposition

    func respond(_ request: HTTPRequest, _ context: RequestContext) -> HTTPResponse {
        HTTPResponse(status: .ok, headers: [("Content-Type", MetricsExposition.contentType)], body: exposition.render())
    }
}
