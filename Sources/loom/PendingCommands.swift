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

struct ReviewCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Review a local change (--repo DIR --base REF --head REF, or --diff FILE).")
    static let pendingReason = "local reviews arrive with the review engine release."

    @Option(help: "Repository directory.") var repo: String?
    @Option(help: "Base ref.") var base: String?
    @Option(help: "Head ref.") var head: String?
    @Option(help: "A unified diff file instead of --repo/--base/--head.") var diff: String?
    @Option(help: "Config file (default: the repository's .loom/config.yaml at the base ref).") var config: String?
    @Option(help: "text or json.") var format: String = "text"
    @Flag(help: "Print the rendered prompts; call no model.") var dryRun = false
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with .loom/config.yaml.", subcommands: [ConfigCheckCommand.self])
}

struct ConfigCheckCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a .loom/config.yaml and its prompt files (exit 0 valid, 1 invalid).")
    static let pendingReason = "config validation arrives with the review engine release."

    @Argument(help: "The config file (default: .loom/config.yaml).") var file: String?
}
