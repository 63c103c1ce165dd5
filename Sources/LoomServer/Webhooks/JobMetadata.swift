// JobMetadata: the webhook facts a worker needs later, stored with the job as string pairs.

import LoomCore

/// Keys of `Job.metadata`. Platform attributes (project ids, organization, …) are stored under
/// their own names beside these.
enum JobMetadata {
    static let sourceBranch = "source_branch"
    static let targetBranch = "target_branch"
    static let author = "author"
    static let title = "title"
    static let draft = "draft"
    static let trigger = "trigger"
    static let deliveryID = "delivery_id"
    static let event = "event"
    static let action = "action"

    /// The metadata of a job created for `event`.
    static func make(_ event: PullRequestEvent, trigger: ReviewTrigger) -> [String: String] {
        var metadata = event.attributes
        metadata[Self.trigger] = trigger.rawValue
        metadata[draft] = event.isDraft ? "true" : "false"
        metadata[self.event] = event.eventName
        metadata[action] = event.action
        if let value = event.sourceBranch { metadata[sourceBranch] = value }
        if let value = event.targetBranch { metadata[targetBranch] = value }
        if let value = event.author { metadata[author] = value }
        if let value = event.title { metadata[title] = value }
        if let value = event.deliveryID { metadata[deliveryID] = value }
        return metadata
    }
}
