// MeteredHTTPClient: counts every platform API call in loom_platform_requests_total{platform,status}.

public import CoreMetrics
public import LoomCore
public import LoomHTTPClient
import LoomMetrics

/// Wraps the client a platform adapter uses, so each call is counted by platform and status
/// (`error` when there was no response) without the adapters knowing about metrics.
public struct MeteredHTTPClient: HTTPClient {
    private let inner: any HTTPClient
    private let platform: Platform
    private let factory: any MetricsFactory

    public init(_ inner: any HTTPClient, platform: Platform, factory: any MetricsFactory = MetricsSystem.factory) {
        self.inner = inner
        self.platform = platform
        self.factory = factory
    }

    public func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        do {
            let response = try await inner.send(request)
            count(status: String(response.status))
            return response
        } catch {
            count(status: "error")
            throw error
        }
    }

    private func count(status: String) {
        Counter(label: MetricsNames.platformRequestsTotal, dimensions: [("platform", platform.rawValue), ("status", status)],
                factory: factory).increment()
    }
}
