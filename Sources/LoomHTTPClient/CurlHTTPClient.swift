// CurlHTTPClient: the real HTTPClient: libcurl's multi interface on a reactor loop, async/await on top.

import LoomCore
public import LoomReactor

/// Sends requests with libcurl, driven by one `EventLoop` without blocking it or any other thread.
///
/// `send` may be called from any task; it hands the transfer to the loop and suspends until curl
/// finishes it. Connections stay in the client's connection cache and are reused by later
/// requests to the same server, so keep one client per process (or per loop) rather than one per
/// request. TLS peers are verified against the system CA bundle. Proxies come from the standard
/// environment variables (see `CurlHTTPClientConfiguration`). Redirects are followed hop by hop
/// (at most `maxRedirects`); headers other than a small harmless set are dropped when a redirect
/// leaves the original scheme, host and port, and https never redirects to http.
///
/// The loop must be running for requests to make progress. Call `shutdown()` when done.
public final class CurlHTTPClient: HTTPClient {
    /// The loop that owns the curl multi handle and its sockets.
    public let loop: EventLoop
    /// Client-wide settings.
    public let configuration: CurlHTTPClientConfiguration
    private let multi: CurlMulti

    /// A client whose transfers run on `loop`.
    public init(loop: EventLoop, configuration: CurlHTTPClientConfiguration = CurlHTTPClientConfiguration()) {
        CurlLibrary.initialize()
        // With CURLOPT_NOSIGNAL curl leaves SIGPIPE alone, and a TLS write to a vanished peer
        // would end the process; the server ignores it too, but a CLI run may not have.
        Socket.ignoreBrokenPipeSignal()
        self.loop = loop
        self.configuration = configuration
        multi = CurlMulti(loop: loop, configuration: configuration)
    }

    /// A client on the next loop of `group`.
    public convenience init(group: EventLoopGroup, configuration: CurlHTTPClientConfiguration = CurlHTTPClientConfiguration()) {
        self.init(loop: group.next(), configuration: configuration)
    }

    deinit {
        // A client dropped without shutdown() still frees its curl state, on the loop as required.
        let multi = self.multi
        loop.execute { multi.shutdown() }
    }

    /// Sends `request`, following redirects when it asks to. An HTTP error status is a response;
    /// the error is thrown only when no final response arrived. A cancelled task gets `.cancelled`.
    public func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        try request.validate()
        // One budget for the whole exchange, however many hops it takes.
        let deadline = loop.clock.now() + request.timeout
        var hop = request
        var redirects = 0
        while true {
            let remaining = deadline - loop.clock.now()
            guard remaining > .zero else { throw HTTPClientError.timeout }
            hop.timeout = remaining
            let result = try await perform(hop)
            guard request.followRedirects, RedirectPolicy.redirectStatuses.contains(result.response.status),
                  let location = result.redirectURL else { return result.response }
            guard redirects < configuration.maxRedirects else { throw HTTPClientError.tooManyRedirects }
            guard !Task.isCancelled else { throw HTTPClientError.cancelled }
            redirects += 1
            hop = try RedirectPolicy.nextRequest(after: hop, status: result.response.status, location: location)
        }
    }

    /// Fails transfers still running, closes every connection and frees curl's state. Requests
    /// sent afterwards fail.
    public func shutdown() async {
        let multi = self.multi
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                multi.shutdown()
                continuation.resume()
            }
        }
    }

    /// Transfers in flight on the loop; for tests and metrics.
    public func activeTransferCount() async -> Int {
        let multi = self.multi
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            loop.execute { continuation.resume(returning: multi.activeCount) }
        }
    }

    /// One hop: one curl transfer, suspended on until the loop reports its outcome.
    private func perform(_ hop: HTTPClientRequest) async throws(HTTPClientError) -> CurlHopResult {
        let transfer = CurlTransfer(request: hop, maxResponseBytes: configuration.maxResponseBytes)
        let multi = self.multi
        let loop = self.loop
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.attach(continuation)
                loop.execute { multi.start(transfer) }
            }
        } onCancel: {
            // The flag covers a cancel that reaches the loop before the start does.
            transfer.requestCancellation()
            loop.execute { multi.cancel(transfer) }
        }
        return try result.get()
    }
}
