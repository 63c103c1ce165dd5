// ServeProcessTests: `loom serve` as a real process: /health, /metrics, JSON logs, SIGTERM, bad settings.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LoomTestSupport
import Testing

@Suite("loom serve (process)")
struct ServeProcessTests {
    func baseEnvironment(_ directory: String) -> [String: String] {
        ["PORT": "0", "HOST": "127.0.0.1", "LOOM_DATA_DIR": directory + "/data", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"]
    }

    @Test("serves /health and /metrics, logs JSON lines, and exits 0 on SIGTERM")
    func serveHealthMetricsAndStop() throws {
        let directory = makeTemporaryDirectory()
        let loom = try LoomProcess(["serve"], environment: baseEnvironment(directory), directory: directory)
        let address = try #require(loom.waitForListeningAddress(), "no listening line in: \(loom.standardError)")

        let client = try RawClient(address)
        client.send("GET /health HTTP/1.1\r\nHost: loom\r\n\r\n")
        let health = try #require(client.readResponse())
        #expect(health.status == 200)
        #expect(health.header("Content-Type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(health.body)) as? [String: Any])
        #expect(object["status"] as? String == "healthy")
        #expect(object["version"] as? String != nil)
        let timestamp = try #require(object["timestamp"] as? String)
        #expect(timestamp.hasSuffix("Z") && timestamp.count == 20)
        #expect(object["components"] as? [String: String] == ["database": "healthy", "queue": "healthy"])

        client.send("GET /metrics HTTP/1.1\r\nHost: loom\r\n\r\n")
        let metrics = try #require(client.readResponse())
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains("loom_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1"))
        #expect(metrics.text.contains("# TYPE loom_http_request_duration_seconds histogram"))
        for name in ["process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds"] {
            #expect(metrics.text.contains("\n\(name) "), "missing \(name)")
        }

        loom.signal(SIGTERM)
        #expect(loom.waitForExit() == 0)
        let lines = loom.standardError.split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(entry["service"] as? String == "loom")
            #expect(entry["level"] as? String != nil && entry["message"] as? String != nil && entry["timestamp"] as? String != nil)
        }
        #expect(loom.standardError.contains("\"message\":\"stopped\""))
    }

    @Test("invalid settings stop the process at start with every bad variable named")
    func invalidSettings() throws {
        let directory = makeTemporaryDirectory()
        var environment = baseEnvironment(directory)
        environment["PORT"] = "eighty"
        environment["WORKERS"] = "0"
        environment["LOG_LEVEL"] = "LOUD"
        let loom = try LoomProcess(["serve"], environment: environment, directory: directory)
        let status = try #require(loom.waitForExit())
        #expect(status != 0)
        for name in ["PORT", "WORKERS", "LOG_LEVEL"] { #expect(loom.standardError.contains(name), "\(name) not named") }
    }

    @Test("settings come from .env in the working directory, below the environment")
    func dotEnv() throws {
        let directory = makeTemporaryDirectory()
        try "LOG_FORMAT=text\nPORT=not-a-port\n".write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        var environment = baseEnvironment(directory)
        environment.removeValue(forKey: "LOG_FORMAT")
        let loom = try LoomProcess(["serve"], environment: environment, directory: directory)
        // PORT=0 from the environment wins over .env's invalid value; LOG_FORMAT=text comes from .env.
        let deadline = Date().addingTimeInterval(10)
        while !loom.standardError.contains("loom listening") && Date() < deadline { usleep(20_000) }
        #expect(loom.standardError.contains(" INFO loom listening"))
        loom.signal(SIGINT)
        #expect(loom.waitForExit() == 0)
    }

    @Test("loom worker without REDIS_URL refuses to start and says why")
    func workerNeedsRedis() throws {
        let loom = try LoomProcess(["worker"], environment: [:], directory: makeTemporaryDirectory())
        let status = try #require(loom.waitForExit())
        #expect(status == 78)
        #expect(loom.standardError.contains("REDIS_URL"), "\(loom.standardError)")
    }

    @Test("an unusable REDIS_URL or DATABASE_URL stops the start naming the variable")
    func invalidBackendURLs() throws {
        for (name, value) in [("REDIS_URL", "rediss://cache.internal:6380/0"), ("DATABASE_URL", "postgresql://loom@db:notaport/loom")] {
            let loom = try LoomProcess(["serve"], environment: [name: value, "PORT": "0"], directory: makeTemporaryDirectory())
            let status = try #require(loom.waitForExit())
            #expect(status == 78, "\(name)")
            #expect(loom.standardError.contains(name), "\(name): \(loom.standardError)")
        }
    }
}
