// PipelineRun: one pipeline of a review: pick files, chunk the diff, ask the model, parse findings.

import LoomCore
import LoomLLM
import LoomPlatforms

/// What one pipeline produced.
struct PipelineOutcome: Sendable {
    var name: String
    var model: String
    var findings: [Finding] = []
    var usage: TokenUsage = .zero
    var chunks = 0
    var droppedItems = 0
    var unreadableReplies = 0
    /// Set when the pipeline could not run or every model call failed.
    var failure: String?
    var skipped: [SkippedFile] = []
    /// Paths of files this pipeline reviewed.
    var reviewedPaths: Set<String> = []

    var summary: SummaryReport.Pipeline {
        SummaryReport.Pipeline(name: name, model: model, status: failure.map { .failed($0) } ?? .ok, findings: findings.count,
                               usage: usage, chunks: chunks, droppedItems: droppedItems, unreadableReplies: unreadableReplies)
    }
}

/// Runs one pipeline over the diff.
struct PipelineRun: Sendable {
    let pipeline: PipelineConfig
    let template: PromptTemplate
    let settings: ModelSettings
    let retries: Int
    let pullRequest: PullRequestInfo
    let repository: String
    let environment: ReviewEnvironment

    func run(_ diff: Diff, limiter: ConcurrencyLimiter) async -> PipelineOutcome {
        var outcome = PipelineOutcome(name: pipeline.name, model: settings.model)
        guard environment.allowsModelBaseURL(settings.baseURL) else {
            outcome.failure = "model base_url \(settings.baseURL) is not in LOOM_LLM_ALLOWED_BASE_URLS"
            return outcome
        }
        var apiKey: String?
        if let name = settings.apiKeyEnv {
            guard let key = environment.environment(name), !key.isEmpty else {
                outcome.failure = "\(name) is not set on the server"
                return outcome
            }
            apiKey = key
        }
        let files = pipeline.selectFiles(diff.files)
        guard !files.isEmpty else { return outcome }
        let plan = chunkPlan(files)
        outcome.skipped = plan.skipped
        outcome.chunks = plan.chunks.count
        let model = makeChatModel(
            endpoint: ModelEndpoint(provider: settings.provider == .anthropic ? .anthropic : .openai, baseURL: settings.baseURL,
                                    model: settings.model, apiKey: apiKey, temperature: settings.temperature,
                                    maxTokens: settings.maxTokens, timeout: .seconds(settings.timeoutSeconds),
                                    contextWindow: settings.contextWindow, jsonMode: settings.jsonMode, maxRetries: retries),
            client: environment.modelHTTP, clock: environment.clock, sleep: environment.sleep, logger: environment.logger)
        let fileList = PromptDiffRenderer.fileList(files)
        let results = await withTaskGroup(of: (Int, Result<ChatResponse, ChatModelError>).self) { group in
            for (index, chunk) in plan.chunks.enumerated() {
                let context = PromptContext(pullRequest: pullRequest, repository: repository, diff: chunk.annotated,
                                            rawDiff: PromptDiffRenderer.raw(chunk.files), files: fileList)
                let messages = template.messages(for: context)
                let request = ChatRequest(messages: messages, temperature: settings.temperature, maxTokens: settings.maxTokens,
                                          jsonMode: settings.jsonMode)
                group.addTask {
                    await limiter.run {
                        do throws(ChatModelError) { return (index, .success(try await model.complete(request))) } catch { return (index, .failure(error)) }
                    }
                }
            }
            var collected: [(Int, Result<ChatResponse, ChatModelError>)] = []
            for await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }
        let parser = FindingsParser(pipeline: pipeline.name, defaultSeverity: pipeline.severity)
        var failures: [String] = []
        for (index, result) in results {
            switch result {
            case .success(let response):
                outcome.usage = outcome.usage + response.usage
                let parsed = parser.parse(response.content)
                outcome.findings += parsed.findings
                outcome.droppedItems += parsed.dropped.count
                if !parsed.readable { outcome.unreadableReplies += 1 }
                for file in plan.chunks[index].files { outcome.reviewedPaths.insert(file.path) }
            case .failure(let error):
                failures.append(error.description)
                for file in plan.chunks[index].files {
                    outcome.skipped.append(SkippedFile(path: file.path, reason: "\(pipeline.name): model call failed (\(error.metricLabel))"))
                }
            }
        }
        if !failures.isEmpty && failures.count == results.count {
            outcome.failure = failures[0]
        } else if !failures.isEmpty {
            outcome.failure = "\(failures.count) of \(results.count) model calls failed: \(failures[0])"
        }
        return outcome
    }

    /// The messages of every chunk, as they would be sent (`loom review --dry-run`).
    func prompts(_ diff: Diff) -> [[ChatMessage]] {
        let files = pipeline.selectFiles(diff.files)
        guard !files.isEmpty else { return [] }
        let fileList = PromptDiffRenderer.fileList(files)
        return chunkPlan(files).chunks.map { chunk in
            template.messages(for: PromptContext(pullRequest: pullRequest, repository: repository, diff: chunk.annotated,
                                                 rawDiff: PromptDiffRenderer.raw(chunk.files), files: fileList))
        }
    }

    /// Splits the files so each prompt fits the model's budget (SPEC §6.4).
    private func chunkPlan(_ files: [FileDiff]) -> ChunkPlan {
        let empty = PromptContext(pullRequest: pullRequest, repository: repository, diff: "", rawDiff: "", files: PromptDiffRenderer.fileList(files))
        let overhead = template.messages(for: empty).reduce(0) { $0 + TokenEstimator.estimate($1.content) } + 64
        // A template showing the diff twice ({{diff}} and {{raw_diff}}) needs room for both.
        let copies = template.variables.contains(.diff) && template.variables.contains(.rawDiff) ? 2 : 1
        let budget = max(1, (settings.promptBudget - overhead) / copies)
        return DiffChunker(budget: budget).plan(files)
    }
}
