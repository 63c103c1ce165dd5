// RedisJobQueue+Maintenance: promotion of due entries, lease renewal and rescue, dead letters, and depth.

public import LoomCore
import LoomRedis

extension RedisJobQueue {
    /// Moves due delayed entries to their streams (atomically, whichever replica gets there
    /// first) and, every `maintenanceInterval`, runs `maintain()`. Returns the earliest run-at
    /// still delayed (to the millisecond, never early).
    @discardableResult
    public func promoteDue(now: Int64) async throws -> Int64? {
        let nowMilliseconds = now / 1_000_000
        var earliest: Int64?
        while true {
            let reply = try await client.evaluate(
                RedisQueueScripts.promote,
                keys: [RedisArgument(keys.delayed)] + keys.streams.map { RedisArgument($0) },
                arguments: [RedisArgument(nowMilliseconds), RedisArgument(configuration.batchSize),
                            RedisArgument(configuration.maxStreamLength), RedisArgument(keys.delayedEntryPrefix)])
            let parts = try reply.array()
            let moved = parts.first.flatMap { try? $0.integer() } ?? 0
            earliest = parts.count > 1 ? (try? parts[1].integer())?.map { $0 &* 1_000_000 } : nil
            if moved < configuration.batchSize { break }
        }
        if maintenanceIsDue() { try await maintain() }
        return earliest
    }

    /// Renews the entries this process holds, rescues entries pending longer than the lease
    /// (offered again, or dead-lettered after `maxDeliveries`), and records the depth gauge.
    @discardableResult
    public func maintain() async throws -> RedisQueueMaintenance {
        state.withLock { $0.lastMaintenance = clock.now() }
        try await renewOutstanding()
        let reply = try await client.evaluate(
            RedisQueueScripts.reclaim,
            keys: (keys.streams + [keys.dead]).map { RedisArgument($0) },
            arguments: [RedisArgument(configuration.group), RedisArgument(milliseconds(configuration.leaseDuration)),
                        RedisArgument(configuration.maxDeliveries), RedisArgument(configuration.maxStreamLength),
                        RedisArgument(configuration.batchSize), RedisArgument(configuration.maxDeadLetterLength)])
        let counts = try reply.array().map { (try? $0.integer()) ?? 0 }
        _ = try await depth()
        return RedisQueueMaintenance(reclaimed: Int(counts.first ?? 0), deadLettered: Int(counts.dropFirst().first ?? 0))
    }

    /// Waiting entries: ready = stream entries not yet handed out (length minus pending, summed
    /// over the bands), delayed = the sorted set. Shared by all replicas; also recorded as
    /// `loom_queue_depth{queue="redis"}`.
    public func depth() async throws -> QueueDepth {
        let reply = try await client.evaluate(
            RedisQueueScripts.depth, keys: (keys.streams + [keys.delayed]).map { RedisArgument($0) },
            arguments: [RedisArgument(configuration.group)])
        let counts = try reply.array().map { (try? $0.integer()) ?? 0 }
        let depth = QueueDepth(ready: Int(counts.first ?? 0), delayed: Int(counts.dropFirst().first ?? 0))
        depthGauge.record(depth.total)
        return depth
    }

    public var isShared: Bool { true }

    /// `SET loom:queue:epoch … NX`: the key exists as long as Redis kept its data, so the one
    /// process that finds it missing (first start, `FLUSHALL`, a restart without persistence)
    /// rebuilds the queue from the store. Entries enqueued meanwhile are duplicated at worst,
    /// which the store's claim makes harmless.
    public func claimRebuild() async throws -> Bool {
        let marker = "\(configuration.consumer) \(clock.wallNanoseconds())"
        let reply = try await client.send(["SET", RedisArgument(keys.epoch), RedisArgument(marker), "NX"]).checked()
        return !reply.isNull
    }

    /// The newest dead-lettered entries, newest first.
    public func deadLetters(limit: Int = 100) async throws -> [RedisDeadLetter] {
        let reply = try await client.send(["XREVRANGE", RedisArgument(keys.dead), "+", "-", "COUNT", RedisArgument(max(1, limit))])
        return try reply.array().compactMap { message in
            guard case .array(let parts) = message, parts.count == 2,
                  let entry = RedisStreamEntry(band: 0, id: parts[0].text, flatFields: parts[1]),
                  let job = entry.fields["job"] else { return nil }
            return RedisDeadLetter(jobID: job, deliveries: entry.fields["n"].flatMap { Int($0) } ?? 0,
                                   stream: entry.fields["stream"] ?? "", consumer: entry.fields["consumer"] ?? "",
                                   entryID: entry.id)
        }
    }

    /// Resets the idle time of every entry handed out here and not yet settled, so a long review
    /// is never mistaken for a dead consumer. `JUSTID` keeps the delivery count unchanged.
    private func renewOutstanding() async throws {
        let receipts = state.withLock { $0.outstanding }
        guard !receipts.isEmpty else { return }
        var idsByBand: [Int: [RedisArgument]] = [:]
        for receipt in receipts {
            guard let (band, id) = RedisStreamEntry.parse(receipt: receipt) else { continue }
            idsByBand[band, default: []].append(RedisArgument(id))
        }
        let commands: [[RedisArgument]] = idsByBand.sorted { $0.key < $1.key }.map { band, ids in
            ["XCLAIM", RedisArgument(keys.streams[band]), RedisArgument(configuration.group),
             RedisArgument(configuration.consumer), "0"] + ids + ["JUSTID"]
        }
        for reply in try await client.pipeline(commands) { _ = try reply.checked() }
    }

    private func maintenanceIsDue() -> Bool {
        let now = clock.now()
        return state.withLock { state in
            guard let last = state.lastMaintenance else { return true }
            return now - last >= configuration.maintenanceInterval
        }
    }
}
