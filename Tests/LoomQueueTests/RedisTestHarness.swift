// RedisTestHarness: an event loop thread and a RedisClient for one test, against the shared or a private server.

import LoomCore
import LoomReactor
import LoomRedis
import LoomTestSupport
import Synchronization

/// A started loop group and a client for one test. `shutdown()` closes the client and joins the loops.
final class RedisHarness: Sendable {
    let group: EventLoopGroup
    let configuration: RedisConfiguration
    let client: RedisClient

    init(url: String? = nil, loops: Int = 1, commandConnections: Int = 1,
         configure: (inout RedisConfiguration) -> Void = { _ in }) throws {
        var configuration = try RedisConfiguration(url: url ?? TestRedis.sharedURL())
        configuration.connectTimeout = .seconds(5)
        configure(&configuration)
        self.configuration = configuration
        group = try EventLoopGroup(loopCount: loops)
        try group.start(namePrefix: "redis-test")
        client = RedisClient(configuration: configuration, loops: group.loops, commandConnections: commandConnections)
    }

    /// A new connection of this harness's configuration on its first loop (the caller closes it).
    func connection(_ configure: (inout RedisConfiguration) -> Void = { _ in }) -> RedisConnection {
        var configuration = configuration
        configure(&configuration)
        return RedisConnection(configuration: configuration, loop: group.loops[0])
    }

    func shutdown() async {
        await client.close()
        group.shutdown()
    }
}

/// Runs `body` with a fresh harness and always shuts it down.
@discardableResult
func withRedis<Result>(url: String? = nil, loops: Int = 1, commandConnections: Int = 1,
                       configure: (inout RedisConfiguration) -> Void = { _ in },
                       _ body: (RedisHarness) async throws -> Result) async throws -> Result {
    let harness = try RedisHarness(url: url, loops: loops, commandConnections: commandConnections, configure: configure)
    do {
        let result = try await body(harness)
        await harness.shutdown()
        return result
    } catch {
        await harness.shutdown()
        throw error
    }
}

/// A failed expectation inside a Redis test, thrown to end it.
struct RedisTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension RedisReply {
    /// The bytes of a bulk reply (test shorthand).
    var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { return bytes }
        return nil
    }
}

/// A thread-safe list that concurrent tasks append to.
final class RedisCollector<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    func append(_ element: Element) { storage.withLock { $0.append(element) } }

    var values: [Element] { storage.withLock { $0 } }
}
