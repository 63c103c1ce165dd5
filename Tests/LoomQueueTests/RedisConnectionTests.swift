// RedisConnectionTests: argv round trips (binary-safe), reply kinds, pipelining, concurrency and blocking commands.

import LoomCore
import LoomRedis
import LoomTestSupport
import Synchronization
import Testing

@Suite("Redis connection", .enabled(if: TestRedis.isAvailable))
struct RedisConnectionTests {
    let prefix = TestRedis.uniquePrefix("conn")

    @Test func binarySafeArgumentsRoundTrip() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let values: [[UInt8]] = [
                [0, 1, 2, 0, 255, 254],
                Array("line one\r\nline two\r\n$3\r\nfoo\r\n*1\r\n".utf8),
                Array("unicode: žluťoučký kůň 🧵 中文".utf8),
                [],
                Array(repeating: 0x41, count: 200_000),
            ]
            for (index, value) in values.enumerated() {
                let key = RedisArgument(bytes: Array("\(prefix)bin:\(index)\0\r\n".utf8))
                #expect(try await redis.client.send(["SET", key, RedisArgument(bytes: value)]) == .status("OK"))
                #expect(try await redis.client.send(["GET", key]) == .bulk(value))
                #expect(try await redis.client.send(["STRLEN", key]) == .integer(Int64(value.count)))
            }
        }
    }

    @Test("a host name is resolved before hiredis sees it")
    func hostName() async throws {
        let literal = try RedisConfiguration(url: TestRedis.sharedURL())
        guard literal.host == "127.0.0.1" else { return }
        try await withRedis(configure: { $0.host = "localhost" }) { (redis: RedisHarness) async throws in
            #expect(try await redis.client.send("PING") == .status("PONG"))
        }
    }

    @Test func replyKinds() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let client = redis.client
            #expect(try await client.send("PING") == .status("PONG"))
            #expect(try await client.send("INCRBY", RedisArgument(prefix + "n"), "41") == .integer(41))
            #expect(try await client.send("INCR", RedisArgument(prefix + "n")).integer() == 42)
            #expect(try await client.send("GET", RedisArgument(prefix + "missing")) == .null)
            #expect(try await client.send("GET", RedisArgument(prefix + "missing")).string() == nil)
            _ = try await client.send("RPUSH", RedisArgument(prefix + "list"), "a", "", "c")
            #expect(try await client.send("LRANGE", RedisArgument(prefix + "list"), "0", "-1")
                == .array([.bulk(Array("a".utf8)), .bulk([]), .bulk(Array("c".utf8))]))
            #expect(try await client.send("MGET", RedisArgument(prefix + "n"), RedisArgument(prefix + "missing"))
                == .array([.bulk(Array("42".utf8)), .null]))
            #expect(try await client.send("LRANGE", RedisArgument(prefix + "none"), "0", "-1") == .array([]))
            let error = try await client.send("INCR", RedisArgument(prefix + "list"))
            guard case .error(let message) = error else { throw RedisTestFailure("expected an error reply, got \(error)") }
            #expect(message.hasPrefix("WRONGTYPE"))
            #expect(throws: RedisError.server(message)) { try error.checked() }
            #expect(try await client.send("NOSUCHCOMMAND") != .null)  // an error reply, and the connection lives on
            #expect(try await client.send("ECHO", "still here") == .bulk(Array("still here".utf8)))
        }
    }

    @Test func pipelineKeepsMultiExecTogether() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let key = RedisArgument(prefix + "tx")
            let replies = try await redis.client.pipeline([["MULTI"], ["INCR", key], ["INCR", key], ["EXEC"]])
            #expect(replies == [.status("OK"), .status("QUEUED"), .status("QUEUED"), .array([.integer(1), .integer(2)])])
        }
    }

    @Test func manyTasksShareOneConnection() async throws {
        try await withRedis(loops: 2, commandConnections: 2) { (redis: RedisHarness) async throws in
            let key = RedisArgument(prefix + "counter")
            let client = redis.client
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        var values: [Int64] = []
                        for _ in 0..<100 { values.append(try await client.send("INCR", key).integer() ?? -1) }
                        return values
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(seen.count == 5_000)
            #expect(Set(seen) == Set(1...5_000))  // every reply went to the task that asked
        }
    }

    @Test func blockingCommandUsesItsOwnConnection() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let list = RedisArgument(prefix + "blocking")
            let client = redis.client
            let waiter = Task {
                try await client.withBlockingConnection { try await $0.send("BLPOP", list, "5") }
            }
            try await Task.sleep(for: .milliseconds(100))
            // The shared connection is not stuck behind BLPOP.
            let clock = SystemClock()
            let started = clock.now()
            #expect(try await client.send("PING") == .status("PONG"))
            #expect(clock.now() - started < .seconds(1))
            _ = try await client.send("RPUSH", list, "wake")
            #expect(try await waiter.value == .array([.bulk(list.bytes), .bulk(Array("wake".utf8))]))
        }
    }

    @Test func closingFailsWaitingAndInFlightCommands() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let connection = redis.connection()
            let list = RedisArgument(prefix + "never")
            let blocked = Task { try await connection.send("BLPOP", list, "10") }
            try await Task.sleep(for: .milliseconds(100))
            await connection.close()
            await #expect(throws: RedisError.closed) { try await blocked.value }
            await #expect(throws: RedisError.closed) { try await connection.send("PING") }
            #expect(connection.isClosed)
        }
    }

    @Test func unreachableServerFailsClearly() async throws {
        // Port 1 on loopback: nothing listens, the connect is refused.
        try await withRedis(url: "redis://127.0.0.1:1/0", configure: {
            $0.reconnectWait = .milliseconds(300)
        }) { (redis: RedisHarness) async throws in
            let connection = redis.connection()
            await #expect { try await connection.connect() } throws: { error in
                guard case RedisError.connectFailed = error else { return false }
                return true
            }
            let clock = SystemClock()
            let started = clock.now()
            await #expect { _ = try await connection.send("PING") } throws: { error in
                guard case RedisError.unavailable = error else { return false }
                return true
            }
            #expect(clock.now() - started < .seconds(2))
            await connection.close()
        }
    }

    @Test func unresolvableHostFailsClearly() async throws {
        try await withRedis(url: "redis://no-such-host.invalid:6379/0") { (redis: RedisHarness) async throws in
            let connection = redis.connection()
            await #expect { try await connection.connect() } throws: { error in
                guard case RedisError.connectFailed(let reason) = error else { return false }
                return reason.contains("no-such-host.invalid")
            }
            await connection.close()
        }
    }
}
