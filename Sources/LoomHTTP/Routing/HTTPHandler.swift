// HTTPHandler: a route's code, either synchronous on the loop or async.

/// What runs for a matched route.
///
/// Synchronous handlers run inline on the connection's loop: no task, no hop, the fastest path,
/// for work that never blocks (`/health`, `/metrics`). Async handlers run in a task that prefers
/// the same loop as executor, for work that awaits (the store, the queue).
public enum HTTPHandler: Sendable {
    case sync(@Sendable (HTTPRequest, RequestContext) -> HTTPResponse)
    case async(@Sendable (HTTPRequest, RequestContext) async -> HTTPResponse)
}
