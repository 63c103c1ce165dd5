// RedisStreamEntry: one stream entry of the Redis queue, decoded from a reply, and its delivery receipt.

import LoomRedis

/// A queue entry as read from a stream.
struct RedisStreamEntry: Sendable {
    /// Index into `RedisQueueKeys.streams`.
    let band: Int
    /// The stream message id (`1700000000000-0`).
    let id: String
    let fields: [String: String]

    /// Decodes `[f1, v1, f2, v2, …]`.
    init?(band: Int, id: String?, flatFields: RedisReply) {
        guard let id, case .array(let flat) = flatFields else { return nil }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].text, let value = flat[index + 1].text { fields[name] = value }
            index += 2
        }
        self.band = band
        self.id = id
        self.fields = fields
    }

    /// The entries of an `XREADGROUP` reply (`[[stream, [[id, fields]…]]…]`), given the stream names.
    static func entries(of reply: RedisReply, streams: [String]) -> [RedisStreamEntry] {
        guard case .array(let perStream) = reply else { return [] }
        var entries: [RedisStreamEntry] = []
        for stream in perStream {
            guard case .array(let pair) = stream, pair.count == 2, let name = pair[0].text,
                  let band = streams.firstIndex(of: name), case .array(let messages) = pair[1] else { continue }
            for message in messages {
                guard case .array(let parts) = message, parts.count == 2,
                      let entry = RedisStreamEntry(band: band, id: parts[0].text, flatFields: parts[1]) else { continue }
                entries.append(entry)
            }
        }
        return entries
    }

    /// The queue item, nil when the entry lacks a job id (not written by this queue).
    var item: QueueItem? {
        guard let job = fields["job"], !job.isEmpty else { return nil }
        return QueueItem(jobID: job, priority: fields["prio"].flatMap { Int($0) } ?? 0,
                         runAt: fields["run"].flatMap { Int64($0) } ?? 0)
    }

    /// Ready since (wall ns), for the queue-latency metric.
    var readyAt: Int64 {
        fields["ready"].flatMap { Int64($0) } ?? fields["run"].flatMap { Int64($0) } ?? 0
    }

    /// What `ack`/`release` need to find the entry again: `"<band> <id>"`.
    var receipt: String { "\(band) \(id)" }

    /// Splits a receipt back into band and id.
    static func parse(receipt: String?) -> (band: Int, id: String)? {
        guard let receipt, let space = receipt.firstIndex(of: " "), let band = Int(receipt[..<space]),
              RedisQueueKeys.bands.indices.contains(band) else { return nil }
        return (band, String(receipt[receipt.index(after: space)...]))
    }
}
