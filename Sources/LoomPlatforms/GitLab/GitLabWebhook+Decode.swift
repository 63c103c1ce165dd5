// GitLabWebhook+Decode: GitLab `Merge Request Hook` deliveries into PullRequestEvent; other hooks are ignored.

internal import LoomCore

extension GitLabWebhook {
    static let eventHeader = "X-Gitlab-Event"
    static let mergeRequestEvent = "Merge Request Hook"

    /// The delivery id in order of preference: `Idempotency-Key` stays the same across retries
    /// of one event (GitLab ≥ 17.4), the UUIDs are older fallbacks.
    static func deliveryID(_ headers: some HeaderLookup) -> String? {
        headers.firstNonEmptyHeader("Idempotency-Key", "X-Gitlab-Event-UUID", "X-Gitlab-Webhook-UUID")
    }

    /// Decodes a verified GitLab delivery.
    static func decode(headers: some HeaderLookup, body: [UInt8]) throws(WebhookPayloadError) -> DecodedWebhook {
        let deliveryID = deliveryID(headers)
        let header = headers.headerValue(eventHeader)
        let root = try JSONPayload(bytes: body).root
        let objectKind = root.text(at: "object_kind")
        // System hooks carry merge requests too, marked only by `object_kind`.
        let isMergeRequest = header == mergeRequestEvent
            || ((header == nil || header == "System Hook") && objectKind == "merge_request")
        let event = header ?? objectKind ?? ""
        guard isMergeRequest else {
            return .ignored(event: event, deliveryID: deliveryID,
                            reason: event.isEmpty ? "no \(eventHeader) header" : "\(event) events do not trigger reviews")
        }
        let attributes = try root.requiredObject(at: "object_attributes")
        let action = attributes.text(at: "action") ?? ""
        let intent = intent(action: action, root: root)
        return try PullRequestDecoding.finish(event: event, deliveryID: deliveryID, intent: intent) { () throws(WebhookPayloadError) in
            guard let projectID = root.identifier(at: "project", "id") ?? attributes.identifier(at: "target_project_id")
            else { throw .missing("project.id") }
            let repository = RepositoryRef(platform: .gitlab, platformID: projectID,
                                           fullName: try root.requiredText(at: "project", "path_with_namespace"))
            let number = try root.requiredInteger(at: "object_attributes", "iid")
            let head = try PullRequestDecoding.head(attributes.text(at: "last_commit", "id"),
                                                    path: "object_attributes.last_commit.id", intent: intent)
            return PullRequestEvent(
                platform: .gitlab, deliveryID: deliveryID, eventName: event, action: action, intent: intent,
                repository: repository, number: number, headSHA: head, baseSHA: nil,
                sourceBranch: attributes.text(at: "source_branch"), targetBranch: attributes.text(at: "target_branch"),
                isDraft: attributes.flag(at: "draft") ?? attributes.flag(at: "work_in_progress") ?? false,
                author: author(root: root, attributes: attributes), title: attributes.text(at: "title"),
                attributes: platformAttributes(projectID: projectID, attributes: attributes, fullName: repository.fullName))
        }
    }

    /// SPEC §4: open and reopen review; an update reviews when it carries `oldrev` (new commits)
    /// or clears the draft flag; close and merge cancel; approvals and the rest are ignored.
    static func intent(action: String, root: JSONValue) -> WebhookIntent {
        switch action {
        case "open": return .review(.opened)
        case "reopen": return .review(.reopened)
        case "update":
            if root.nonEmptyText(at: "object_attributes", "oldrev") != nil { return .review(.newCommits) }
            if draftCleared(root) { return .review(.readyForReview) }
            return .ignore(reason: "merge request update without new commits")
        case "close": return .cancel(reason: "pr_closed")
        case "merge": return .cancel(reason: "pr_merged")
        case "": return .ignore(reason: "merge request event without an action")
        default: return .ignore(reason: "merge request action \(action) does not trigger reviews")
        }
    }

    /// `changes.draft` (or the deprecated `work_in_progress`) went from true to false.
    static func draftCleared(_ root: JSONValue) -> Bool {
        for key in ["draft", "work_in_progress"] {
            if root.flag(at: "changes", key, "previous") == true && root.flag(at: "changes", key, "current") == false {
                return true
            }
        }
        return false
    }

    /// The hook names the author only by id; `user` is whoever triggered the event, which is
    /// the author exactly when the ids agree. Otherwise the worker reads it from the API.
    static func author(root: JSONValue, attributes: JSONValue) -> String? {
        guard let authorID = attributes.identifier(at: "author_id"),
              root.identifier(at: "user", "id") == authorID else { return nil }
        return root.text(at: "user", "username")
    }

    /// What the GitLab API client needs: the numeric project id (`/projects/:id`), the source
    /// project for forks, the author id and the previous head.
    static func platformAttributes(projectID: String, attributes: JSONValue, fullName: String) -> [String: String] {
        var result: [String: String] = [WebhookAttribute.projectID: projectID]
        result[WebhookAttribute.sourceProjectID] = attributes.identifier(at: "source_project_id")
        result[WebhookAttribute.authorID] = attributes.identifier(at: "author_id")
        result[WebhookAttribute.previousHeadSHA] = PullRequestDecoding.commitHash(attributes.text(at: "oldrev"))
        result[WebhookAttribute.webURL] = attributes.text(at: "url")
        if let source = attributes.text(at: "source", "path_with_namespace"), source != fullName {
            result[WebhookAttribute.headRepository] = source
        }
        return result
    }
}
