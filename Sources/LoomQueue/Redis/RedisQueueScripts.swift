// RedisQueueScripts: the Lua scripts that make each multi-key queue step atomic across every replica.

import LoomRedis

/// Every queue operation touching more than one key runs as one script, so Redis applies it
/// atomically: two replicas can never promote the same delayed entry, reclaim the same pending
/// entry, or see half an enqueue. Scripts take times and limits as arguments (never Redis's own
/// clock), so an injected `Clock` decides what is due. Keys built inside a script (a pull
/// request's coalescing key, a delayed entry's hash) assume a single Redis, not Redis Cluster.
///
/// Stream entry fields: `job` (id), `prio`, `run` (run-at ns), `ready` (ready-since ns, for the
/// queue-latency metric), `n` (deliveries before this copy of the entry), and for a fresh job of
/// a pull request `pr` (its coalescing key) and `created` (the job's creation ns).
enum RedisQueueScripts {
    /// Shared helpers: a field map, the coalescing mark, and the "superseded" test.
    private static let prelude = """
        local function fieldmap(flat)
          local map = {}
          for i = 1, #flat, 2 do map[flat[i]] = flat[i + 1] end
          return map
        end
        -- Records `job` as the newest of its pull request unless a newer-created job is recorded.
        local function mark(prkey, job, created, ttl)
          local current = redis.call('HGET', prkey, 'created')
          if (not current) or tonumber(current) <= tonumber(created) then
            redis.call('HSET', prkey, 'job', job, 'created', created)
          end
          redis.call('PEXPIRE', prkey, ttl)
        end
        -- True only when another job of the same pull request was created at least `margin` ns
        -- later: the margin absorbs clock skew between replicas, so the newest is never skipped.
        local function superseded(map, margin)
          if not map.pr or not map.created then return false end
          local latest = redis.call('HMGET', map.pr, 'job', 'created')
          if (not latest[1]) or latest[1] == map.job or (not latest[2]) then return false end
          return tonumber(latest[2]) >= tonumber(map.created) + tonumber(margin)
        end

        """

    /// KEYS: stream, [pr key]. ARGV: maxlen, pr ttl ms, job id, created, fields…
    static let enqueueReady = RedisScript(prelude + """
        if KEYS[2] then mark(KEYS[2], ARGV[3], ARGV[4], ARGV[2]) end
        return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(ARGV, 5))
        """)

    /// KEYS: delayed zset, entry hash, [pr key]. ARGV: score (run-at ms, rounded up), job id,
    /// pr ttl ms, created, fields… (with `band`). Re-enqueuing a delayed id replaces its entry.
    static let enqueueDelayed = RedisScript(prelude + """
        if KEYS[3] then mark(KEYS[3], ARGV[2], ARGV[4], ARGV[3]) end
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[2], unpack(ARGV, 5))
        return redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
        """)

    /// Non-blocking take: the first new entry of the highest-priority stream that has one,
    /// acknowledging and deleting superseded entries on the way.
    /// KEYS: streams, highest priority first. ARGV: group, consumer, margin ns.
    /// Returns {band (1-based, 0 = none), id, fields, skipped}.
    static let take = RedisScript(prelude + """
        local skipped = 0
        for band, key in ipairs(KEYS) do
          while skipped < 1000 do
            local reply = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', '1', 'STREAMS', key, '>')
            if not reply then break end
            local entry = reply[1][2][1]
            if superseded(fieldmap(entry[2]), ARGV[3]) then
              redis.call('XACK', key, ARGV[1], entry[1])
              redis.call('XDEL', key, entry[1])
              skipped = skipped + 1
            else
              return {band, entry[1], entry[2], skipped}
            end
          end
        end
        return {0, false, false, skipped}
        """)

    /// After a blocking read: drops the entry (ack + delete) when it is superseded. Returns 1 if dropped.
    /// KEYS: stream, pr key. ARGV: group, id, job id, created, margin ns.
    static let dropIfSuperseded = RedisScript(prelude + """
        if superseded({pr = KEYS[2], job = ARGV[3], created = ARGV[4]}, ARGV[5]) then
          redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
          redis.call('XDEL', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """)

    /// KEYS: stream. ARGV: group, id. Returns how many were acknowledged (0: not pending any more).
    static let acknowledge = RedisScript("""
        local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return acked
        """)

    /// Gives an entry back: a copy goes to the stream's tail for any consumer, the original is
    /// acknowledged and deleted. KEYS: stream. ARGV: group, id, maxlen. Returns 1 if re-added.
    static let release = RedisScript("""
        local found = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
        local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        if acked == 0 or not found[1] then return 0 end
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(found[1][2]))
        return 1
        """)

    /// Moves due delayed entries to their streams (ready since their run-at).
    /// KEYS: delayed zset, streams by band. ARGV: now ms, limit, maxlen, entry hash prefix.
    /// Returns {moved, earliest remaining score or nil}.
    static let promote = RedisScript("""
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, job in ipairs(due) do
          local hash = ARGV[4] .. job
          local flat = redis.call('HGETALL', hash)
          redis.call('ZREM', KEYS[1], job)
          redis.call('DEL', hash)
          if #flat > 0 then
            local fields, band, run = {}, 1, nil
            for i = 1, #flat, 2 do
              local name, value = flat[i], flat[i + 1]
              if name == 'band' then band = tonumber(value)
              elseif name ~= 'ready' then
                if name == 'run' then run = value end
                table.insert(fields, name)
                table.insert(fields, value)
              end
            end
            table.insert(fields, 'ready')
            table.insert(fields, run or '0')
            local stream = KEYS[1 + band] or KEYS[#KEYS]
            redis.call('XADD', stream, 'MAXLEN', '~', ARGV[3], '*', unpack(fields))
          end
        end
        local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return {#due, head[2] or false}
        """)

    /// Rescues entries pending longer than the lease (their consumer died or lost them): each is
    /// re-added to its stream's tail for any consumer — waking blocked readers, which an
    /// `XAUTOCLAIM` to one consumer would not — or, once delivered `max` times in all, moved to
    /// the dead-letter stream. Deliveries are counted across copies in the `n` field.
    /// KEYS: streams…, dead stream. ARGV: group, min idle ms, max deliveries, maxlen, batch, dead maxlen.
    /// Returns {reclaimed, dead}.
    static let reclaim = RedisScript("""
        local reclaimed, dead = 0, 0
        local deadKey = KEYS[#KEYS]
        for i = 1, #KEYS - 1 do
          local key = KEYS[i]
          local pending = redis.pcall('XPENDING', key, ARGV[1], 'IDLE', ARGV[2], '-', '+', ARGV[5])
          if type(pending) == 'table' and not pending.err then
            for _, p in ipairs(pending) do
              local id, owner, count = p[1], p[2], tonumber(p[4])
              local found = redis.call('XRANGE', key, id, id)
              redis.call('XACK', key, ARGV[1], id)
              redis.call('XDEL', key, id)
              if found[1] then
                local fields, prior = {}, 0
                local flat = found[1][2]
                for j = 1, #flat, 2 do
                  if flat[j] == 'n' then prior = tonumber(flat[j + 1]) or 0
                  else
                    table.insert(fields, flat[j])
                    table.insert(fields, flat[j + 1])
                  end
                end
                local total = prior + count
                table.insert(fields, 'n')
                table.insert(fields, tostring(total))
                if total >= tonumber(ARGV[3]) then
                  for _, extra in ipairs({'stream', key, 'entry', id, 'consumer', owner}) do table.insert(fields, extra) end
                  redis.call('XADD', deadKey, 'MAXLEN', '~', ARGV[6], '*', unpack(fields))
                  dead = dead + 1
                else
                  redis.call('XADD', key, 'MAXLEN', '~', ARGV[4], '*', unpack(fields))
                  reclaimed = reclaimed + 1
                end
              end
            end
          end
        end
        return {reclaimed, dead}
        """)

    /// Entries not yet handed out (stream length minus pending) and delayed entries.
    /// KEYS: streams…, delayed zset. ARGV: group. Returns {ready, delayed}.
    static let depth = RedisScript("""
        local ready = 0
        for i = 1, #KEYS - 1 do
          local length = redis.call('XLEN', KEYS[i])
          if length > 0 then
            local pending = 0
            local summary = redis.pcall('XPENDING', KEYS[i], ARGV[1])
            if type(summary) == 'table' and not summary.err then pending = summary[1] end
            if length > pending then ready = ready + length - pending end
          end
        end
        return {ready, redis.call('ZCARD', KEYS[#KEYS])}
        """)
}
