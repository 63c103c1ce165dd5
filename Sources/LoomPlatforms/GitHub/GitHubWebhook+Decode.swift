// GitHubWebhook+Decode: GitHub `pull_request` deliveries into PullRequestEvent; other events are ignored.

internal import LoomCore

extension GitHubWebhook {
    static let eventHeader = "X-GitHub-Event"
    static let deliveryHeader = "X-GitHub-Delivery"

    /// Decodes a verified GitHub delivery (JSON or `payload=` form body).
    static func decode(headers: some HeaderLookup, body: [UInt8]) throws(WebhookPayloadError) -> DecodedWebhook {
        let deliveryID = headers.firstNonEmptyHeader(deliveryHeader)
        let event = headers.headerValue(eventHeader) ?? ""
        let json = try FormPayload.isForm(contentType: headers.headerValue("Content-Type"))
            ? FormPayload.payload(of: body) : body
        let root = try JSONPayload(bytes: json).root
        guard event == "pull_request" else {
            let reason = event.isEmpty ? "no \(eventHeader) header" : "\(event) events do not trigger reviews"
            return .ignored(event: event, deliveryID: deliveryID, reason: reason)
        }
        let action = try root.requiredText(at: "action")
        let pr = try root.requiredObject(at: "pull_request")
        let intent = intent(action: action, pullRequest: pr)
        return try PullRequestDecoding.finish(event: event, deliveryID: deliveryID, intent: intent) { () throws(WebhookPayloadError) in
            let fullName = try root.requiredText(at: "repository", "full_name")
            let repository = RepositoryRef(platform: .github, platformID: try root.requiredIdentifier(at: "repository", "id"),
                                           fullName: fullName)
            guard let number = root.integer(at: "number") ?? pr.integer(at: "number") else { throw .missing("number") }
            let head = try PullRequestDecoding.head(pr.text(at: "head", "sha"), path: "pull_request.head.sha", intent: intent)
            return PullRequestEvent(
                platform: .github, deliveryID: deliveryID, eventName: event, action: action, intent: intent,
                repository: repository, number: number, headSHA: head,
                baseSHA: PullRequestDecoding.commitHash(pr.text(at: "base", "sha")),
                sourceBranch: pr.text(at: "head", "ref"), targetBranch: pr.text(at: "base", "ref"),
                isDraft: pr.flag(at: "draft") ?? false, author: pr.text(at: "user", "login"),
                title: pr.text(at: "title"), attributes: attributes(root: root, pullRequest: pr, fullName: fullName))
        }
    }

    /// SPEC §4: opened, synchronize, reopened and ready_for_review review; closed cancels.
    /// `converted_to_draft`, `edited`, labels, assignments and the rest are ignored.
    static func intent(action: String, pullRequest pr: JSONValue) -> WebhookIntent {
        switch action {
        case "opened": .review(.opened)
        case "synchronize": .review(.newCommits)
        case "reopened": .review(.reopened)
        case "ready_for_review": .review(.readyForReview)
        case "closed": PullRequestDecoding.closed(merged: pr.flag(at: "merged") ?? false)
        default: .ignore(reason: "pull_request action \(action) does not trigger reviews")
        }
    }

    /// What the GitHub API client needs: owner and name for `/repos/{owner}/{name}`, the App
    /// installation, and the head repository (forks).
    static func attributes(root: JSONValue, pullRequest pr: JSONValue, fullName: String) -> [String: String] {
        var attributes: [String: String] = [:]
        let slash = fullName.firstIndex(of: "/")
        attributes[WebhookAttribute.owner] = root.text(at: "repository", "owner", "login")
            ?? slash.map { String(fullName[..<$0]) }
        attributes[WebhookAttribute.name] = root.text(at: "repository", "name")
            ?? slash.map { String(fullName[fullName.index(after: $0)...]) }
        attributes[WebhookAttribute.installationID] = root.identifier(at: "installation", "id")
        attributes[WebhookAttribute.headRepository] = pr.text(at: "head", "repo", "full_name")
        attributes[WebhookAttribute.previousHeadSHA] = PullRequestDecoding.commitHash(root.text(at: "before"))
        attributes[WebhookAttribute.webURL] = pr.text(at: "html_url")
        return attributes
    }
}
