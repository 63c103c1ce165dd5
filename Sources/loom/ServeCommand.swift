// ServeCommand: `loom serve`: the HTTP server (and, unless --no-workers, in-process workers).

import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import LoomServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP server: webhooks, /health, /metrics and /api (settings come from the environment and .env).")

    @Flag(name: .customLong("no-workers"), help: "Do not run review workers in this process (API replica).")
    var noWorkers = false

    func run() async throws {
        let settings = try loadSettingsOrExit()
        if noWorkers && settings.redisURL == nil {
            printError("loom serve: warning: --no-workers without REDIS_URL: jobs are stored but run only when a `loom serve` with workers starts on this store")
        }
        do {
            let code = try await ServeRunner.run(settings: settings, workersEnabled: !noWorkers)
            throw ExitCode(code)
        } catch let error as StartupError {
            printError("loom serve: \(error)")
            throw ExitCode(78)
        }
    }
}

/// Loads settings; on invalid values prints every problem (naming each variable) and exits 78.
func loadSettingsOrExit() throws -> Settings {
    do {
        return try Settings.loadFromProcess()
    } catch {
        printError("loom: invalid configuration:\n\(error)")
        throw ExitCode(78)
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    var line = message + "\n"
    _ = line.withUTF8 { write(2, $0.baseAddress, $0.count) }
}
