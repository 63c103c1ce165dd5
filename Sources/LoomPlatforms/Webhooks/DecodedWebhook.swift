// DecodedWebhook: a verified delivery decoded into a pull-request event or an acknowledged non-PR event.

public import LoomCore

/// The result of decoding one verified webhook body.
public enum DecodedWebhook: Sendable {
    /// A pull-request event; its `intent` says whether to review, cancel or ignore.
    case pullRequest(PullRequestEvent)
    /// Not a pull-request event (GitHub `ping`, pushes, comments, Azure `git.push`, …): answer
    /// 200 `event_ignored`. `deliveryID` is still given so the delivery can be recorded.
    case ignored(event: String, deliveryID: String?, reason: String)

    /// The platform's delivery id, whichever case this is.
    public var deliveryID: String? {
        switch self {
        case .pullRequest(let event): event.deliveryID
        case .ignored(_, let deliveryID, _): deliveryID
        }
    }

    /// The event name as the platform calls it.
    public var eventName: String {
        switch self {
        case .pullRequest(let event): event.eventName
        case .ignored(let event, _, _): event
        }
    }
}
