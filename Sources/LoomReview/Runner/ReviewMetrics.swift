// ReviewMetrics: loom_comments_posted_total{platform,kind} and loom_findings_total{severity}.

import CoreMetrics
import LoomCore
import LoomMetrics

/// Counts what reviews produce and post.
struct ReviewMetrics: Sendable {
    let factory: any MetricsFactory

    func commentsPosted(_ platform: Platform, kind: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: MetricsNames.commentsPostedTotal, dimensions: [("platform", platform.rawValue), ("kind", kind)],
                factory: factory).increment(by: count)
    }

    func findings(_ findings: [Finding]) {
        for severity in Severity.allCases {
            let count = findings.filter { $0.severity == severity }.count
            guard count > 0 else { continue }
            Counter(label: MetricsNames.findingsTotal, dimensions: [("severity", severity.rawValue)], factory: factory)
                .increment(by: count)
        }
    }
}
