// PendingCommands: subcommands whose features have not landed yet; each says so and exits non-zero.

import ArgumentParser

/// A subcommand that exists in the contract but whose feature is still to come.
protocol PendingCommand: AsyncParsableCommand {
    /// What the user should know: which release brings it.
    static var pendingReason: String { get }
}

extension PendingCommand {
    func run() async throws {
        printError("loom \(Self.configuration.commandName ?? ""): not available yet: \(Self.pendingReason)")
        throw ExitCode(69)
    }
}

struct WorkerCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Consume review jobs from the shared Redis queue (needs REDIS_URL and DATABASE_URL).")
    static let pendingReason = "the worker process arrives with the scale-out release (PostgreSQL + Redis)."
}
