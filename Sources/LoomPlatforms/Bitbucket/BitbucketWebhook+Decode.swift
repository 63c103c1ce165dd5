// BitbucketWebhook+Decode: Bitbucket Cloud `pullrequest:*` deliveries into PullRequestEvent; other events are ignored.

internal import LoomCore

extension BitbucketWebhook {
    static let eventHeader = "X-Event-Key"
    static let deliveryHeader = "X-Request-UUID"

    /// Decodes a verified Bitbucket Cloud delivery.
    static func decode(headers: some HeaderLookup, body: [UInt8]) throws(WebhookPayloadError) -> DecodedWebhook {
        let deliveryID = headers.firstNonEmptyHeader(deliveryHeader)
        let event = headers.headerValue(eventHeader) ?? ""
        let root = try JSONPayload(bytes: body).root
        guard event.hasPrefix("pullrequest:") else {
            let reason = event.isEmpty ? "no \(eventHeader) header" : "\(event) events do not trigger reviews"
            return .ignored(event: event, deliveryID: deliveryID, reason: reason)
        }
        let action = String(event.dropFirst("pullrequest:".count))
        let intent = intent(action: action)
        return try PullRequestDecoding.finish(event: event, deliveryID: deliveryID, intent: intent) { () throws(WebhookPayloadError) in
            let pr = try root.requiredObject(at: "pullrequest")
            let fullName = try root.requiredText(at: "repository", "full_name")
            let repository = RepositoryRef(platform: .bitbucket, platformID: try root.requiredText(at: "repository", "uuid"),
                                           fullName: fullName)
            guard let number = pr.integer(at: "id") else { throw .missing("pullrequest.id") }
            // A 12-character short hash: kept as sent; the worker resolves it through the API.
            let head = try PullRequestDecoding.head(pr.text(at: "source", "commit", "hash"),
                                                    path: "pullrequest.source.commit.hash", intent: intent)
            return PullRequestEvent(
                platform: .bitbucket, deliveryID: deliveryID, eventName: event, action: action, intent: intent,
                repository: repository, number: number, headSHA: head,
                baseSHA: PullRequestDecoding.commitHash(pr.text(at: "destination", "commit", "hash")),
                sourceBranch: pr.text(at: "source", "branch", "name"),
                targetBranch: pr.text(at: "destination", "branch", "name"),
                isDraft: pr.flag(at: "draft") ?? false,
                author: pr.text(at: "author", "nickname") ?? pr.text(at: "author", "display_name"),
                title: pr.text(at: "title"),
                attributes: attributes(root: root, pullRequest: pr, repository: repository))
        }
    }

    /// SPEC §4: created reviews; updated reviews its head (the store's one-job-per-head rule
    /// drops updates that only touched the title, reviewers or draft flag of a reviewed head);
    /// fulfilled (merged) and rejected (declined) cancel; comments, approvals and the rest are ignored.
    static func intent(action: String) -> WebhookIntent {
        switch action {
        case "created": .review(.opened)
        case "updated": .review(.newCommits)
        case "fulfilled": .cancel(reason: "pr_merged")
        case "rejected": .cancel(reason: "pr_closed")
        default: .ignore(reason: "pullrequest:\(action) does not trigger reviews")
        }
    }

    /// What the Bitbucket API client needs: workspace and slug for `/repositories/{ws}/{slug}`
    /// (`full_name` is exactly `workspace/slug`), plus the author's account id.
    static func attributes(root: JSONValue, pullRequest pr: JSONValue, repository: RepositoryRef) -> [String: String] {
        var attributes: [String: String] = [WebhookAttribute.repositoryID: repository.platformID]
        let fullName = repository.fullName
        if let slash = fullName.firstIndex(of: "/") {
            attributes[WebhookAttribute.workspace] = String(fullName[..<slash])
            attributes[WebhookAttribute.slug] = String(fullName[fullName.index(after: slash)...])
        }
        attributes[WebhookAttribute.authorID] = pr.text(at: "author", "account_id")
        if let source = pr.text(at: "source", "repository", "full_name"), source != fullName {
            attributes[WebhookAttribute.headRepository] = source
        }
        attributes[WebhookAttribute.webURL] = pr.text(at: "links", "html", "href")
        return attributes
    }
}
