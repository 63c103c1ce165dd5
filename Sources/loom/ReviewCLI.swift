// ReviewCLI: `loom review` and `loom config check`.

import ArgumentParser
import LoomServer

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a local change with no platform: --repo DIR --base REF --head REF, or --diff FILE.")

    @Option(help: "Repository directory.") var repo: String?
    @Option(help: "Base ref (the target branch); config and prompts are read here.") var base: String?
    @Option(help: "Head ref (the change).") var head: String?
    @Option(help: "A unified diff file instead of --repo/--base/--head.") var diff: String?
    @Option(help: "Config file (default: the repository's .loom/config.yaml at the base ref).") var config: String?
    @Option(help: "text or json.") var format: String = "text"
    @Flag(help: "Print the rendered prompts; call no model.") var dryRun = false

    func validate() throws {
        guard format == "text" || format == "json" else { throw ValidationError("--format must be text or json") }
        if diff == nil {
            guard repo != nil, base != nil, head != nil else {
                throw ValidationError("give --repo, --base and --head, or --diff FILE")
            }
        } else if repo != nil || base != nil || head != nil {
            throw ValidationError("--diff cannot be combined with --repo/--base/--head")
        }
    }

    func run() async throws {
        let source: ReviewCommands.Source = if let diff { .diffFile(diff) } else { .repository(path: repo!, base: base!, head: head!) }
        try finish(try await ReviewCommands.review(settings: try loadSettingsOrExit(), source: source, configPath: config,
                                                   json: format == "json", dryRun: dryRun))
    }
}

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with .loom/config.yaml.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a .loom/config.yaml and its prompt files; every error names the key path and line (exit 0 valid, 1 invalid).")
        @Argument(help: "The config file (default: .loom/config.yaml).") var file: String?

        func run() async throws {
            let output = ReviewCommands.checkConfig(path: file)
            print(output.text)
            if output.status != 0 { throw ExitCode(output.status) }
        }
    }
}
