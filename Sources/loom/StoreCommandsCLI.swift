// StoreCommandsCLI: `loom jobs list|show|retry|cancel`, `loom repos list|add|enable|disable`, `loom migrate`.

import ArgumentParser
import LoomServer

/// Options shared by the store commands.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text or json.") var format: String = "text"

    var json: Bool { format == "json" }

    func validate() throws {
        guard format == "text" || format == "json" else { throw ValidationError("--format must be text or json") }
    }
}

/// Prints a command's output and exits with its status.
func finish(_ output: StoreCommands.Output) throws {
    if output.status == 0 { print(output.text) } else { printError(output.text) }
    if output.status != 0 { throw ExitCode(output.status) }
}

struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Inspect and act on review jobs.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first (failed ones are the dead-letter set).")
        @Option(help: "queued, processing, completed, skipped, failed or cancelled.") var status: String?
        @Option(help: "Repository full name (owner/repo).") var repo: String?
        @Option(help: "At most this many (1–500).") var limit: Int = 50
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try finish(try await StoreCommands.listJobs(settings: try loadSettingsOrExit(), status: status, repository: repo,
                                                        limit: limit, json: output.json))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try finish(try await StoreCommands.showJob(settings: try loadSettingsOrExit(), id: id, json: output.json))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a finished (failed, skipped, cancelled, completed) job again.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try finish(try await StoreCommands.retryJob(settings: try loadSettingsOrExit(), id: id, json: output.json))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")
        @Argument(help: "The job id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try finish(try await StoreCommands.cancelJob(settings: try loadSettingsOrExit(), id: id, json: output.json))
        }
    }
}

struct ReposCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repos", abstract: "Manage registered repositories.",
        subcommands: [List.self, Add.self, Enable.self, Disable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered repositories.")
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try finish(try await StoreCommands.listRepositories(settings: try loadSettingsOrExit(), json: output.json))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a repository, e.g. github:acme/api.")
        @Argument(help: "PLATFORM:OWNER/REPO") var repository: String

        func run() async throws {
            try finish(try await StoreCommands.addRepository(settings: try loadSettingsOrExit(), reference: repository))
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept webhooks for a repository again.")
        @Argument(help: "PLATFORM:OWNER/REPO") var repository: String

        func run() async throws {
            try finish(try await StoreCommands.setRepositoryActive(settings: try loadSettingsOrExit(), reference: repository, active: true))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ignore a repository's webhooks (answered repo_not_enabled).")
        @Argument(help: "PLATFORM:OWNER/REPO") var repository: String

        func run() async throws {
            try finish(try await StoreCommands.setRepositoryActive(settings: try loadSettingsOrExit(), reference: repository, active: false))
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations and exit.")

    func run() async throws {
        try finish(try await StoreCommands.migrate(settings: try loadSettingsOrExit()))
    }
}
