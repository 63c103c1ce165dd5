// RedisReconnectTests: AUTH and SELECT from the URL, and reconnecting after CLIENT KILL and a server restart.

import LoomCore
import LoomRedis
import LoomTestSupport
import Testing

@Suite("Redis login and reconnect", .enabled(if: RedisServerProcess.executable != nil))
struct RedisReconnectTests {
    @Test func passwordAndDatabaseFromTheURL() async throws {
        let server = try RedisServerProcess(password: "s3cret:/@%", appendOnly: false)
        let url = "redis://:s3cret%3A%2F%40%25@127.0.0.1:\(server.port)/3"
        try await withRedis(url: url) { (redis: RedisHarness) async throws in
            _ = try await redis.client.send("SET", "where", "db3")
            #expect(try await redis.client.send("CLIENT", "INFO").string()?.contains(" db=3 ") == true)
        }
        try await withRedis(url: server.url(database: 0).replacingPassword(with: "s3cret:/@%")) { (redis: RedisHarness) async throws in
            #expect(try await redis.client.send("GET", "where") == .null)  // db 0 is another database
        }
        try await withRedis(url: "redis://:wrong@127.0.0.1:\(server.port)/0") { (redis: RedisHarness) async throws in
            await #expect { try await redis.client.connect() } throws: { error in
                guard case RedisError.authenticationFailed(let reply) = error else { return false }
                return reply.contains("WRONGPASS") || reply.contains("invalid")
            }
        }
        try await withRedis(url: "redis://127.0.0.1:\(server.port)/0") { (redis: RedisHarness) async throws in
            // No password: the handshake succeeds, the command is refused.
            let reply = try await redis.client.send("GET", "where")
            #expect(reply.text == nil && !reply.isNull)
        }
    }

    @Test func usernameAndPassword() async throws {
        let server = try RedisServerProcess(password: "admin", appendOnly: false)
        try await withRedis(url: server.url) { (redis: RedisHarness) async throws in
            let created = try await redis.client.send("ACL", "SETUSER", "loom", "on", ">pw", "~*", "+@all")
            #expect(created == .status("OK"))
        }
        try await withRedis(url: "redis://loom:pw@127.0.0.1:\(server.port)/1") { (redis: RedisHarness) async throws in
            #expect(try await redis.client.send("ACL", "WHOAMI") == .bulk(Array("loom".utf8)))
        }
    }

    @Test func reconnectsAfterClientKill() async throws {
        try await withRedis { (redis: RedisHarness) async throws in
            let connection = redis.connection()
            let firstID = try await connection.send("CLIENT", "ID").integer()
            let killed = try await redis.client.send("CLIENT", "KILL", "ID", RedisArgument(firstID ?? 0))
            #expect(killed == .integer(1))
            // The command racing the kill may fail as lost; a later one runs on a new connection.
            var secondID: Int64?
            let recovered = await waitUntil(timeout: .seconds(5)) {
                secondID = try? await connection.send("CLIENT", "ID").integer()
                return secondID != nil
            }
            #expect(recovered)
            #expect(secondID != firstID)
            await connection.close()
        }
    }

    @Test func reconnectsAfterServerRestartAndKeepsData() async throws {
        let server = try RedisServerProcess()
        try await withRedis(url: server.url, configure: { $0.reconnectWait = .seconds(1) }) { (redis: RedisHarness) async throws in
            _ = try await redis.client.send("SET", "survivor", "yes")
            server.stop()
            // While it is down, a command fails (lost or unavailable), never hangs.
            await #expect(throws: RedisError.self) { try await redis.client.send("PING") }
            try server.start()
            let back = await waitUntil(timeout: .seconds(10)) {
                (try? await redis.client.send("GET", "survivor")) == .bulk(Array("yes".utf8))
            }
            #expect(back)
        }
    }

    @Test func commandsSentDuringABriefOutageWaitForTheReconnect() async throws {
        let server = try RedisServerProcess()
        try await withRedis(url: server.url, configure: { $0.reconnectWait = .seconds(10) }) { (redis: RedisHarness) async throws in
            _ = try await redis.client.send("PING")
            server.kill()
            let pending = Task { try await redis.client.send("SET", "after", "restart") }
            try await Task.sleep(for: .milliseconds(200))
            try server.start()
            // The first send may have been cut off with the connection; one sent while down waits.
            let outcome = await pending.result
            if case .failure(let error) = outcome {
                guard case RedisError.connectionLost = error else { throw RedisTestFailure("unexpected \(error)") }
            }
            let waited = try await redis.client.send("SET", "after", "restart")
            #expect(waited == .status("OK"))
        }
    }
}

extension String {
    /// `redis://:old@host` with the password replaced (percent-encoding `:/@%`).
    fileprivate func replacingPassword(with password: String) -> String {
        var encoded = ""
        for character in password {
            switch character {
            case ":": encoded += "%3A"
            case "/": encoded += "%2F"
            case "@": encoded += "%40"
            case "%": encoded += "%25"
            default: encoded.append(character)
            }
        }
        guard let at = lastIndex(of: "@") else { return self }
        return "redis://:\(encoded)" + self[at...]
    }
}
