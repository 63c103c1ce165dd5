// AzureDevOpsWebhook+Decode: Azure DevOps `git.pullrequest.*` service hooks into PullRequestEvent; others are ignored.

internal import LoomCore

extension AzureDevOpsWebhook {
    static let pullRequestEventPrefix = "git.pullrequest."

    /// Decodes a verified Azure DevOps delivery. Azure has no event or delivery header: both are
    /// in the body (`eventType`, `id`).
    static func decode(headers: some HeaderLookup, body: [UInt8]) throws(WebhookPayloadError) -> DecodedWebhook {
        let root = try JSONPayload(bytes: body).root
        let event = try root.requiredText(at: "eventType")
        let deliveryID = root.nonEmptyText(at: "id")
        guard event.hasPrefix(pullRequestEventPrefix) else {
            return .ignored(event: event, deliveryID: deliveryID, reason: "\(event) events do not trigger reviews")
        }
        let action = String(event.dropFirst(pullRequestEventPrefix.count))
        let resource = try root.requiredObject(at: "resource")
        let intent = intent(action: action, status: resource.text(at: "status"))
        return try PullRequestDecoding.finish(event: event, deliveryID: deliveryID, intent: intent) { () throws(WebhookPayloadError) in
            let repositoryID = try root.requiredText(at: "resource", "repository", "id")
            let repositoryName = try root.requiredText(at: "resource", "repository", "name")
            let projectName = try root.requiredText(at: "resource", "repository", "project", "name")
            let repository = RepositoryRef(platform: .azureDevOps, platformID: repositoryID,
                                           fullName: projectName + "/" + repositoryName)
            let number = try root.requiredInteger(at: "resource", "pullRequestId")
            let head = try PullRequestDecoding.head(resource.text(at: "lastMergeSourceCommit", "commitId"),
                                                    path: "resource.lastMergeSourceCommit.commitId", intent: intent)
            var attributes: [String: String] = [
                WebhookAttribute.repositoryID: repositoryID,
                WebhookAttribute.repositoryName: repositoryName,
                WebhookAttribute.projectName: projectName,
            ]
            attributes[WebhookAttribute.projectID] = resource.text(at: "repository", "project", "id")
            attributes[WebhookAttribute.accountID] = root.identifier(at: "resourceContainers", "account", "id")
            attributes[WebhookAttribute.organization] = AzureDevOpsOrganization.name(
                fromURL: root.text(at: "resourceContainers", "account", "baseUrl"))
                ?? AzureDevOpsOrganization.name(fromURL: resource.text(at: "repository", "url"))
            attributes[WebhookAttribute.authorID] = resource.text(at: "createdBy", "id")
            return PullRequestEvent(
                platform: .azureDevOps, deliveryID: deliveryID, eventName: event, action: action, intent: intent,
                repository: repository, number: number, headSHA: head,
                baseSHA: PullRequestDecoding.commitHash(resource.text(at: "lastMergeTargetCommit", "commitId")),
                sourceBranch: branchName(resource.text(at: "sourceRefName")),
                targetBranch: branchName(resource.text(at: "targetRefName")),
                isDraft: resource.flag(at: "isDraft") ?? false,
                author: resource.text(at: "createdBy", "uniqueName") ?? resource.text(at: "createdBy", "displayName"),
                title: resource.text(at: "title"), attributes: attributes)
        }
    }

    /// SPEC §4: created reviews; updated cancels once the PR is completed or abandoned and
    /// otherwise reviews its head (the store's one-job-per-head rule absorbs updates such as
    /// votes that left `lastMergeSourceCommit` alone). `merged` fires for every merge attempt,
    /// including the trial merges of active PRs, so only a completed or abandoned status cancels.
    static func intent(action: String, status: String?) -> WebhookIntent {
        let closed: WebhookIntent? = switch status {
        case "completed": .cancel(reason: "pr_merged")
        case "abandoned": .cancel(reason: "pr_closed")
        default: nil
        }
        switch action {
        case "created": return closed ?? .review(.opened)
        case "updated": return closed ?? .review(.newCommits)
        case "merged": return closed ?? .ignore(reason: "merge attempt on an active pull request")
        default: return .ignore(reason: "git.pullrequest.\(action) does not trigger reviews")
        }
    }

    /// `refs/heads/main` → `main`; other refs are kept whole.
    static func branchName(_ ref: String?) -> String? {
        guard let ref else { return nil }
        return ref.hasPrefix("refs/heads/") ? String(ref.dropFirst("refs/heads/".count)) : ref
    }
}
