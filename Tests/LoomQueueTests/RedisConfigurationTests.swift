// RedisConfigurationTests: REDIS_URL parsing (credentials, IPv6, database) and the reconnect backoff.

import LoomRedis
import Testing

@Suite("Redis URL and backoff")
struct RedisConfigurationTests {
    @Test func parsesTheForms() throws {
        let plain = try RedisConfiguration(url: "redis://redis:6380/2")
        #expect(plain.host == "redis" && plain.port == 6380 && plain.database == 2)
        #expect(plain.username == nil && plain.password == nil)

        let defaults = try RedisConfiguration(url: "redis://cache")
        #expect(defaults.port == 6379 && defaults.database == 0)

        let password = try RedisConfiguration(url: "redis://:p%40ss%3Aword@10.0.0.5:6379/0")
        #expect(password.password == "p@ss:word" && password.username == nil && password.host == "10.0.0.5")

        let user = try RedisConfiguration(url: "redis://loom:secret@host/15")
        #expect(user.username == "loom" && user.password == "secret" && user.database == 15)

        let bare = try RedisConfiguration(url: "redis://secret@host:7000")
        #expect(bare.password == "secret" && bare.port == 7000)

        let v6 = try RedisConfiguration(url: "redis://[::1]:6390/1")
        #expect(v6.host == "::1" && v6.port == 6390 && v6.database == 1)
    }

    @Test func refusesWhatItCannotHonour() {
        #expect(throws: RedisError.tlsUnsupported) { try RedisConfiguration(url: "rediss://host:6380/0") }
        for bad in ["http://host", "redis://", "redis://host:0", "redis://host:99999", "redis://host/x",
                    "redis://host/0?timeout=1", "redis://:%zz@host", "redis://[::1"] {
            #expect(throws: RedisError.self, "\(bad)") { try RedisConfiguration(url: bad) }
        }
        #expect("\(RedisError.tlsUnsupported)".contains("hiredis 0.14"))
    }

    @Test func backoffDoublesWithJitterAndACap() {
        let backoff = RedisBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        #expect(backoff.delay(attempt: 0, unit: 1) == .milliseconds(100))
        #expect(backoff.delay(attempt: 0, unit: 0) == .milliseconds(50))
        #expect(backoff.delay(attempt: 3, unit: 1) == .milliseconds(800))
        #expect(backoff.delay(attempt: 10, unit: 1) == .seconds(2))
        #expect(backoff.delay(attempt: 1_000, unit: 0.5) == .milliseconds(1_500))
    }
}
