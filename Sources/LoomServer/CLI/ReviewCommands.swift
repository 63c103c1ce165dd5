// ReviewCommands: `loom review` (a local change, no platform) and `loom config check`.

import LoomCore
import LoomHTTPClient
import LoomLLM
import LoomReactor
import LoomReview
import Logging

/// What `loom review` and `loom config check` do, apart from argument parsing.
public enum ReviewCommands {
    /// Where the change comes from.
    public enum Source: Sendable {
        /// `git -C repo diff base...head`; config and prompts read at `base`.
        case repository(path: String, base: String, head: String)
        /// A unified diff file; config from `--config` or the built-in default.
        case diffFile(String)
    }

    /// `loom config check [FILE]`: exit 0 valid, 1 invalid; every error with its file and line.
    public static func checkConfig(path: String?) -> StoreCommands.Output {
        let result = ConfigCheck.run(configPath: path ?? ".loom/config.yaml") { try Settings.readTextFile(atPath: $0) }
        return StoreCommands.Output(text: result.output, status: result.exitCode)
    }

    /// `loom review`: prints rendered prompts (`dryRun`), or the findings as text or JSON.
    public static func review(settings: Settings, source: Source, configPath: String?, json: Bool, dryRun: Bool) async throws -> StoreCommands.Output {
        let (diffText, configText, promptTexts, info) = try gather(source, configPath: configPath)
        let parsed = UnifiedDiffParser.parse(diffText)
        let group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "loom-review")
        let http = CurlHTTPClient(loop: group.loops[0])
        defer { group.shutdown() }
        var logger = Logger(label: "loom.review")
        logger.logLevel = settings.logLevel.minimumLoggerLevel
        let environment = ReviewEnvironment(
            platforms: [:], environment: { settings.environmentValue($0) },
            defaultModel: ModelSettings.serverDefault(baseURL: settings.defaultModel.baseURL, model: settings.defaultModel.model,
                                                      apiKeyEnv: settings.defaultModel.apiKeyEnv),
            allowedModelBaseURLs: settings.llmAllowedBaseURLs, modelHTTP: http, logger: logger)
        let review: LocalReview
        do {
            review = try LocalReview(environment: environment, configText: configText, promptTexts: promptTexts,
                                     diff: parsed.diff, pullRequest: info, repository: "local")
        } catch {
            await http.shutdown()
            return StoreCommands.Output(text: "loom review: \(error)", status: 1)
        }
        if dryRun {
            await http.shutdown()
            return StoreCommands.Output(text: ReviewOutput.prompts(review.renderedPrompts(), json: json), status: 0)
        }
        let result = await review.run()
        await http.shutdown()
        return StoreCommands.Output(text: json ? ReviewOutput.json(result) : ReviewOutput.text(result), status: 0)
    }

    private static func gather(_ source: Source, configPath: String?) throws
        -> (diff: String, config: String?, prompts: [String: String], info: PullRequestInfo) {
        switch source {
        case .diffFile(let path):
            let diff = try Settings.readTextFile(atPath: path)
            let config = try configPath.map { try Settings.readTextFile(atPath: $0) }
            let directory = configPath.map(parentDirectory) ?? ".loom"
            let prompts = try config.map { try promptFiles($0) { try? Settings.readTextFile(atPath: directory + "/" + $0.dropLoomPrefix()) } } ?? [:]
            return (diff, config, prompts, localInfo(base: "base", head: "head", author: ""))
        case .repository(let repository, let base, let head):
            let diff = try git(repository, ["diff", "--no-color", "--no-ext-diff", "-M", "\(base)...\(head)"])
            let config: String?
            var prompts: [String: String] = [:]
            if let configPath {
                config = try Settings.readTextFile(atPath: configPath)
                let directory = parentDirectory(configPath)
                prompts = try promptFiles(config!) { try? Settings.readTextFile(atPath: directory + "/" + $0.dropLoomPrefix()) }
            } else {
                config = try? git(repository, ["show", "\(base):.loom/config.yaml"])
                prompts = try config.map { try promptFiles($0) { try? git(repository, ["show", "\(base):\($0)"]) } } ?? [:]
            }
            let author = (try? git(repository, ["log", "-1", "--format=%an", head]))?.trimmingNewlines() ?? ""
            let headSHA = (try? git(repository, ["rev-parse", head]))?.trimmingNewlines() ?? head
            let baseSHA = (try? git(repository, ["merge-base", base, head]))?.trimmingNewlines() ?? base
            var info = localInfo(base: base, head: head, author: author)
            info.headSHA = headSHA
            info.baseSHA = baseSHA
            return (diff, config, prompts, info)
        }
    }

    private static func promptFiles(_ config: String, read: (String) throws -> String?) throws -> [String: String] {
        var texts: [String: String] = [:]
        for path in LocalReview.promptPaths(configText: config) { texts[path] = try read(path) }
        return texts
    }

    private static func localInfo(base: String, head: String, author: String) -> PullRequestInfo {
        PullRequestInfo(number: 0, title: "Local review of \(head) against \(base)", description: "", author: author,
                        sourceBranch: head, targetBranch: base, headSHA: head, baseSHA: base)
    }

    private static func git(_ repository: String, _ arguments: [String]) throws -> String {
        let output = try ProcessRunner.run("git", ["-C", repository] + arguments)
        guard output.status == 0 else {
            throw StartupError("git \(arguments.joined(separator: " ")) failed: \(output.standardError.trimmingNewlines())")
        }
        return String(decoding: output.standardOutput, as: UTF8.self)
    }

    private static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

extension String {
    func trimmingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }

    /// `.loom/prompts/x.md` → `prompts/x.md` (prompt paths are relative to the config's folder).
    func dropLoomPrefix() -> String {
        hasPrefix(".loom/") ? String(dropFirst(6)) : self
    }
}
