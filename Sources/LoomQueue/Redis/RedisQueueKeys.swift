// RedisQueueKeys: the Redis key names of the queue and the mapping from job priority to a stream.

public import LoomCore

/// Key layout (with the default prefix `loom:`):
///
/// | key | type | holds |
/// |---|---|---|
/// | `loom:jobs:high`, `loom:jobs:normal`, `loom:jobs:low` | stream | ready entries, one stream per priority band |
/// | `loom:jobs:delayed` | sorted set | delayed job ids, score = run-at in ms (rounded up) |
/// | `loom:jobs:delayed:{job id}` | hash | the delayed entry's fields until promotion |
/// | `loom:jobs:dead` | stream | entries delivered `maxDeliveries` times without being handled |
/// | `loom:pr:{platform}:{repository}:{number}` | hash | the newest job of a pull request (coalescing) |
/// | `loom:delivery:{platform}:{delivery id}` | string | webhook de-duplication (`RedisDeduplicator`) |
/// | `loom:queue:epoch` | string | present while the queue's data is intact; missing → rebuild from the store |
///
/// Priority bands: `QueueItem.priority` > 0 → `high`, = 0 (the default) → `normal`, < 0 → `low`.
/// Bands are served strictly in that order; within a band entries come in enqueue order.
public struct RedisQueueKeys: Sendable, Hashable {
    /// Band names, highest priority first.
    public static let bands = ["high", "normal", "low"]

    public let prefix: String
    /// The ready streams, highest priority first.
    public let streams: [String]
    public let delayed: String
    public let delayedEntryPrefix: String
    public let dead: String
    public let epoch: String

    public init(prefix: String) {
        self.prefix = prefix
        streams = Self.bands.map { "\(prefix)jobs:\($0)" }
        delayed = "\(prefix)jobs:delayed"
        delayedEntryPrefix = "\(prefix)jobs:delayed:"
        dead = "\(prefix)jobs:dead"
        epoch = "\(prefix)queue:epoch"
    }

    /// The band index (into `streams`) of a priority.
    public static func band(for priority: Int) -> Int {
        priority > 0 ? 0 : (priority == 0 ? 1 : 2)
    }

    /// The coalescing key of a pull request.
    public func pullRequest(platform: Platform, repository: String, number: Int) -> String {
        "\(prefix)pr:\(platform.rawValue):\(repository):\(number)"
    }

    /// The de-duplication key of a webhook delivery.
    public func delivery(platform: Platform, id: String) -> String {
        "\(prefix)delivery:\(platform.rawValue):\(id)"
    }
}
