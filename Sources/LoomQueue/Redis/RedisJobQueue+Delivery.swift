// RedisJobQueue+Delivery: taking an entry — non-blocking by priority, then a blocking read — and handing it out.

import LoomCore
import LoomRedis

extension RedisJobQueue {
    /// The first new entry of the highest band that has one, skipping superseded ones; nil when
    /// every band is empty.
    func take() async throws -> RedisStreamEntry? {
        let reply = try await client.evaluate(
            RedisQueueScripts.take, keys: keys.streams.map { RedisArgument($0) },
            arguments: [RedisArgument(configuration.group), RedisArgument(configuration.consumer),
                        RedisArgument(Int64(clamping: configuration.coalescingMargin.nanosecondsClamped))])
        let parts = try reply.array()
        guard parts.count == 4, let band = try parts[0].integer(), band > 0 else { return nil }
        guard let entry = RedisStreamEntry(band: Int(band) - 1, id: parts[1].text, flatFields: parts[2]) else {
            throw RedisError.unexpectedReply("malformed stream entry \(parts[1])")
        }
        return entry
    }

    /// Blocks on a dedicated connection until an entry arrives in any band, the block timeout
    /// passes (nil), the queue closes or the task is cancelled (the connection is closed to
    /// wake it; an entry Redis delivered in that instant stays pending and is rescued after the lease).
    func waitForEntry() async throws -> RedisStreamEntry? {
        let connection = try client.leaseBlockingConnection()
        let admitted = state.withLock { state in
            if state.closed { return false }
            state.blocking[ObjectIdentifier(connection)] = connection
            return true
        }
        defer {
            _ = state.withLock { $0.blocking.removeValue(forKey: ObjectIdentifier(connection)) }
            client.returnBlockingConnection(connection)
        }
        guard admitted else { return nil }
        let blockMilliseconds = max(1, milliseconds(configuration.blockTimeout))
        let command: [RedisArgument] = ["XREADGROUP", "GROUP", RedisArgument(configuration.group),
                                        RedisArgument(configuration.consumer), "COUNT", "1",
                                        "BLOCK", RedisArgument(blockMilliseconds), "STREAMS"]
            + keys.streams.map { RedisArgument($0) } + keys.streams.map { _ in ">" }
        let reply = try await withTaskCancellationHandler {
            try await connection.send(command).checked()
        } onCancel: {
            connection.requestClose()
        }
        // One read over several streams returns an entry from each that had one; keep the
        // highest band and give the others straight back.
        var entries = RedisStreamEntry.entries(of: reply, streams: keys.streams).sorted { $0.band < $1.band }
        guard !entries.isEmpty else { return nil }
        let first = entries.removeFirst()
        for extra in entries { try await giveBack(extra) }
        if let key = first.fields["pr"], let created = first.fields["created"], let job = first.fields["job"] {
            let dropped = try await client.evaluate(
                RedisQueueScripts.dropIfSuperseded,
                keys: [RedisArgument(keys.streams[first.band]), RedisArgument(key)],
                arguments: [RedisArgument(configuration.group), RedisArgument(first.id), RedisArgument(job),
                            RedisArgument(created), RedisArgument(Int64(clamping: configuration.coalescingMargin.nanosecondsClamped))])
            if try dropped.integer() == 1 { return nil }
        }
        return first
    }

    /// Turns an entry into a delivery, or returns nil after disposing of it: one not written by
    /// this queue is dropped; one whose run-at is still ahead of this process's clock is held
    /// until due (briefly) or sent back to the delayed set, because the store refuses to claim
    /// a job before its run-at and the worker would then acknowledge — and lose — the entry.
    func accept(_ entry: RedisStreamEntry) async throws -> QueueDelivery? {
        guard let item = entry.item else {
            _ = try await client.evaluate(RedisQueueScripts.acknowledge, keys: [RedisArgument(keys.streams[entry.band])],
                                          arguments: [RedisArgument(configuration.group), RedisArgument(entry.id)])
            return nil
        }
        let early = item.runAt - clock.wallNanoseconds()
        if early > 0 {
            let delivery = QueueDelivery(item: item, readyAt: entry.readyAt, receipt: entry.receipt)
            guard early <= Int64(clamping: configuration.earlyDeliveryWait.nanosecondsClamped),
                  (try? await Task.sleep(for: .nanoseconds(early))) != nil else {
                try await enqueue(item)  // delayed again (or ready, if time moved meanwhile)
                try await ack(delivery)
                return nil
            }
        }
        state.withLock { _ = $0.outstanding.insert(entry.receipt) }
        return QueueDelivery(item: item, readyAt: entry.readyAt, receipt: entry.receipt)
    }

    /// Releases an entry that was read but will not be handed out here.
    private func giveBack(_ entry: RedisStreamEntry) async throws {
        _ = try await client.evaluate(RedisQueueScripts.release, keys: [RedisArgument(keys.streams[entry.band])],
                                      arguments: [RedisArgument(configuration.group), RedisArgument(entry.id),
                                                  RedisArgument(configuration.maxStreamLength)])
    }
}
