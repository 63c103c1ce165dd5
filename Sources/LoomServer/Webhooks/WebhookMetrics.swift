// WebhookMetrics: loom_webhooks_total{platform,outcome}, with every counter made once up front.

import CoreMetrics
import LoomCore
import LoomMetrics

/// What happened to a delivery, as the `outcome` label says it.
enum WebhookOutcome: String, CaseIterable, Sendable {
    case queued
    case jobExists = "job_exists"
    case cancelled
    case duplicateDelivery = "duplicate_delivery"
    case eventIgnored = "event_ignored"
    case draft
    case repoNotEnabled = "repo_not_enabled"
    case invalidSignature = "invalid_signature"
    case invalidPayload = "invalid_payload"
    case notConfigured = "not_configured"
    case unsupportedMediaType = "unsupported_media_type"
    case rateLimited = "rate_limit_exceeded"
    case unavailable
}

/// Counters for every (platform, outcome) pair, created at start so counting is one array index
/// and one atomic add on the hot path.
struct WebhookMetrics: Sendable {
    private let counters: [CoreMetrics.Counter]

    init(factory: any MetricsFactory = MetricsSystem.factory) {
        var counters: [CoreMetrics.Counter] = []
        for platform in Platform.allCases {
            for outcome in WebhookOutcome.allCases {
                let handler = factory.makeCounter(label: MetricsNames.webhooksTotal,
                                                  dimensions: [("platform", platform.rawValue), ("outcome", outcome.rawValue)])
                counters.append(CoreMetrics.Counter(label: MetricsNames.webhooksTotal,
                                                    dimensions: [("platform", platform.rawValue), ("outcome", outcome.rawValue)],
                                                    handler: handler))
            }
        }
        self.counters = counters
    }

    func count(_ platform: Platform, _ outcome: WebhookOutcome) {
        let platformIndex = Platform.allCases.firstIndex(of: platform)!
        let outcomeIndex = WebhookOutcome.allCases.firstIndex(of: outcome)!
        counters[platformIndex * WebhookOutcome.allCases.count + outcomeIndex].increment()
    }
}
