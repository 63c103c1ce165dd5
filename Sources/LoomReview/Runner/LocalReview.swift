// LocalReview: `loom review` without a platform: a diff and a config in, rendered prompts or findings out.

public import LoomCore
public import LoomLLM

/// Reviews a local change with the same configuration, prompts, chunking, model calls, findings
/// parsing and anchoring as a platform review, but posts nothing.
public struct LocalReview: Sendable {
    /// One rendered prompt of one chunk (`--dry-run`).
    public struct RenderedPrompt: Sendable {
        public var pipeline: String
        public var chunk: Int
        public var chunks: Int
        public var messages: [ChatMessage]
    }

    /// What the review found.
    public struct Result: Sendable {
        public var findings: [AnchoredFinding]
        public var pipelines: [SummaryReport.Pipeline]
        public var summary: String
    }

    /// The configuration could not be used.
    public enum Problem: Error, CustomStringConvertible, Sendable {
        case noConfig
        case invalid([ConfigError])

        public var description: String {
            switch self {
            case .noConfig: "no .loom/config.yaml and no LOOM_DEFAULT_MODEL / LOOM_DEFAULT_MODEL_BASE_URL set"
            case .invalid(let errors): errors.map(\.description).joined(separator: "\n")
            }
        }
    }

    let environment: ReviewEnvironment
    let configuration: LoadedConfiguration
    let diff: Diff
    let pullRequest: PullRequestInfo
    let repository: String

    /// Parses the config (nil: none, use the server default model) and its prompt texts keyed by
    /// repository path (`.loom/prompts/x.md`).
    public init(environment: ReviewEnvironment, configText: String?, promptTexts: [String: String], diff: Diff,
                pullRequest: PullRequestInfo, repository: String) throws(Problem) {
        switch RepositoryConfiguration.parse(configText: configText, promptTexts: promptTexts, defaultModel: environment.defaultModel) {
        case .missing: throw .noConfig
        case .invalid(let errors): throw .invalid(errors)
        case .loaded(let loaded): configuration = loaded
        }
        self.environment = environment
        self.diff = diff
        self.pullRequest = pullRequest
        self.repository = repository
    }

    /// The repository paths of the prompt files `configText` needs (to read them before `init`).
    public static func promptPaths(configText: String) -> [String] {
        guard case .success(let config) = ConfigLoader.parse(yaml: configText, source: RepositoryConfiguration.configPath) else { return [] }
        return config.enabledPipelines.filter { $0.builtInPrompt == nil }.map(\.repositoryPromptPath)
    }

    /// Why the triggers would skip this change, nil when it would be reviewed.
    public var skipReason: String? {
        TriggerEvaluator(config: configuration.config).evaluate(PullRequestFacts(pullRequest: pullRequest, diff: diff)).skipReason?.rawValue
    }

    /// Every prompt the review would send, without calling a model.
    public func renderedPrompts() -> [RenderedPrompt] {
        runs().flatMap { run in
            let chunks = run.prompts(diff)
            return chunks.enumerated().map { RenderedPrompt(pipeline: run.pipeline.name, chunk: $0.offset + 1, chunks: chunks.count,
                                                            messages: $0.element) }
        }
    }

    /// Runs every pipeline against its model and anchors the findings.
    public func run() async -> Result {
        let limiter = ConcurrencyLimiter(limit: environment.modelConcurrency)
        var outcomes: [PipelineOutcome] = []
        for run in runs() { outcomes.append(await run.run(diff, limiter: limiter)) }
        let anchored = FindingAnchor(diff: diff).anchor(outcomes.flatMap(\.findings))
        let plan = OutputPolicy(configuration.config.output).apply(anchored, diff: diff)
        let report = SummaryReport(headSHA: pullRequest.headSHA, plan: plan, totalFiles: diff.files.count,
                                   reviewedFiles: outcomes.reduce(into: Set<String>()) { $0.formUnion($1.reviewedPaths) }.count,
                                   chunks: outcomes.reduce(0) { $0 + $1.chunks }, pipelines: outcomes.map(\.summary),
                                   durationSeconds: 0, maxComments: configuration.config.output.maxComments,
                                   maxCommentsPerFile: configuration.config.output.maxCommentsPerFile)
        return Result(findings: anchored, pipelines: outcomes.map(\.summary), summary: SummaryRenderer().render(report))
    }

    private func runs() -> [PipelineRun] {
        configuration.config.enabledPipelines.compactMap { pipeline in
            guard let settings = configuration.config.model(for: pipeline), let template = configuration.prompts[pipeline.name] else { return nil }
            return PipelineRun(pipeline: pipeline, template: template, settings: settings,
                               retries: configuration.config.advanced.effectiveRetries, pullRequest: pullRequest,
                               repository: repository, environment: environment)
        }
    }
}
