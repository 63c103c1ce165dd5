// LoomCommand: the `loom` executable's root command and subcommand list; argument parsing only.

import ArgumentParser
import LoomCore

@main
struct LoomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loom",
        abstract: "Loom: self-hosted AI code review for GitHub, GitLab, Bitbucket, Gitea/Forgejo and Azure DevOps.",
        version: LoomVersion.current,
        subcommands: [
            ServeCommand.self, WorkerCommand.self, MigrateCommand.self, ReviewCommand.self,
            ConfigCommand.self, ReposCommand.self, JobsCommand.self,
        ]
    )
}
