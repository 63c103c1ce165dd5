// GiteaWebhook+Decode: Gitea/Forgejo `pull_request` deliveries into PullRequestEvent; other events are ignored.

internal import LoomCore

extension GiteaWebhook {
    /// Decodes a verified Gitea or Forgejo delivery (JSON or `payload=` form body).
    static func decode(headers: some HeaderLookup, body: [UInt8]) throws(WebhookPayloadError) -> DecodedWebhook {
        // Forgejo sends its own headers plus every Gitea (and Gogs/GitHub) copy; prefer its own.
        let deliveryID = headers.firstNonEmptyHeader("X-Forgejo-Delivery", "X-Gitea-Delivery", "X-Gogs-Delivery",
                                                     "X-GitHub-Delivery")
        let event = headers.firstNonEmptyHeader("X-Forgejo-Event", "X-Gitea-Event", "X-Gogs-Event", "X-GitHub-Event") ?? ""
        let json = try FormPayload.isForm(contentType: headers.headerValue("Content-Type"))
            ? FormPayload.payload(of: body) : body
        let root = try JSONPayload(bytes: json).root
        guard event == "pull_request" else {
            let reason = event.isEmpty ? "no X-Gitea-Event header" : "\(event) events do not trigger reviews"
            return .ignored(event: event, deliveryID: deliveryID, reason: reason)
        }
        let action = try root.requiredText(at: "action")
        let pr = try root.requiredObject(at: "pull_request")
        let title = pr.text(at: "title")
        let intent = intent(action: action, root: root, title: title)
        return try PullRequestDecoding.finish(event: event, deliveryID: deliveryID, intent: intent) { () throws(WebhookPayloadError) in
            let fullName = try root.requiredText(at: "repository", "full_name")
            let repository = RepositoryRef(platform: .gitea, platformID: try root.requiredIdentifier(at: "repository", "id"),
                                           fullName: fullName)
            guard let number = root.integer(at: "number") ?? pr.integer(at: "number") else { throw .missing("number") }
            let head = try PullRequestDecoding.head(pr.text(at: "head", "sha"), path: "pull_request.head.sha", intent: intent)
            // Older servers send no `draft`; the WIP title prefix is what Gitea derives it from.
            let isDraft = pr.flag(at: "draft") == true || title.map(WorkInProgressTitle.hasPrefix) == true
            return PullRequestEvent(
                platform: .gitea, deliveryID: deliveryID, eventName: event, action: action, intent: intent,
                repository: repository, number: number, headSHA: head,
                baseSHA: PullRequestDecoding.commitHash(pr.text(at: "base", "sha")),
                sourceBranch: pr.text(at: "head", "ref"), targetBranch: pr.text(at: "base", "ref"),
                isDraft: isDraft, author: pr.text(at: "user", "login") ?? pr.text(at: "user", "username"),
                title: title, attributes: attributes(root: root, pullRequest: pr, fullName: fullName))
        }
    }

    /// SPEC §4: opened, synchronized and reopened review; an edit that drops the WIP title
    /// prefix is "ready for review"; closed cancels; labels, assignments and the rest are ignored.
    static func intent(action: String, root: JSONValue, title: String?) -> WebhookIntent {
        switch action {
        case "opened": return .review(.opened)
        case "synchronized": return .review(.newCommits)
        case "reopened": return .review(.reopened)
        case "edited":
            if let previous = root.text(at: "changes", "title", "from"), WorkInProgressTitle.hasPrefix(previous),
               let title, !WorkInProgressTitle.hasPrefix(title) {
                return .review(.readyForReview)
            }
            return .ignore(reason: "pull request edit that does not mark it ready for review")
        case "closed": return PullRequestDecoding.closed(merged: root.flag(at: "pull_request", "merged") ?? false)
        default: return .ignore(reason: "pull_request action \(action) does not trigger reviews")
        }
    }

    /// What the Gitea API client needs: owner and name for `/repos/{owner}/{repo}`, and the
    /// head repository for PRs from forks (repo objects are missing on older servers).
    static func attributes(root: JSONValue, pullRequest pr: JSONValue, fullName: String) -> [String: String] {
        var attributes: [String: String] = [:]
        let slash = fullName.firstIndex(of: "/")
        attributes[WebhookAttribute.owner] = root.text(at: "repository", "owner", "login")
            ?? root.text(at: "repository", "owner", "username") ?? slash.map { String(fullName[..<$0]) }
        attributes[WebhookAttribute.name] = root.text(at: "repository", "name")
            ?? slash.map { String(fullName[fullName.index(after: $0)...]) }
        attributes[WebhookAttribute.headRepository] = pr.text(at: "head", "repo", "full_name")
        attributes[WebhookAttribute.webURL] = pr.text(at: "html_url")
        return attributes
    }
}
