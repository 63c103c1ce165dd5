// WorkerCommand: `loom worker`: review workers consuming the shared Redis queue, no webhook listener.

import ArgumentParser
import LoomServer

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume review jobs from the shared Redis queue (needs REDIS_URL and a shared DATABASE_URL).",
        discussion: """
            Runs WORKERS concurrent reviews. It accepts no webhooks; with --port it serves /health \
            and /metrics on that port (a port of its own: `loom serve` on the same host keeps PORT).
            """)

    @Option(name: .customLong("port"), help: "Serve /health and /metrics on this port (default: no HTTP listener).")
    var port: Int?

    func run() async throws {
        var settings = try loadSettingsOrExit()
        guard settings.redisURL != nil else {
            printError("loom worker: REDIS_URL is not set; workers share jobs through Redis (the embedded queue runs inside `loom serve`)")
            throw ExitCode(78)
        }
        if settings.postgreSQLURL == nil {
            printError("loom worker: warning: DATABASE_URL is not PostgreSQL; workers on other machines cannot share this SQLite file")
        }
        if let port {
            guard (0...65535).contains(port) else {
                printError("loom worker: --port must be 0–65535 (got \(port))")
                throw ExitCode(64)
            }
            settings.port = port
        }
        do {
            let code = try await ServeRunner.run(settings: settings, workersEnabled: true,
                                                 surface: port == nil ? .none : .monitoringOnly)
            throw ExitCode(code)
        } catch let error as StartupError {
            printError("loom worker: \(error)")
            throw ExitCode(78)
        }
    }
}
