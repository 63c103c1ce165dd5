// CurlMulti: one curl multi handle driven by one event loop: adds, completes, cancels and pools transfers.

internal import CCurl
import LoomCore
import LoomReactor

/// libcurl's multi interface on a reactor loop.
///
/// curl never waits: it tells us which sockets to watch (socket callback) and when to call it
/// back (timer callback), and we call `curl_multi_socket_action` when either fires. Every curl
/// call for this multi happens on `loop`'s thread; other threads reach it with `loop.execute`.
/// Connections live in the multi's cache, so consecutive requests to a host reuse them.
final class CurlMulti: @unchecked Sendable {
    let loop: EventLoop
    let configuration: CurlHTTPClientConfiguration

    // Loop-thread state.
    private var multi: UnsafeMutableRawPointer?
    private var isShutDown = false
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    var watchers: [Int32: CurlSocketWatcher] = [:]
    var timer: TimerID?
    var timerDeadline: Instant?

    init(loop: EventLoop, configuration: CurlHTTPClientConfiguration) {
        self.loop = loop
        self.configuration = configuration
    }

    /// Transfers in flight (loop thread); for tests.
    var activeCount: Int { active.count }

    // MARK: Transfers

    /// Adds a transfer to the multi; its continuation resumes when it finishes (loop thread).
    func start(_ transfer: CurlTransfer) {
        guard !transfer.isCancelled else { return transfer.finish(.failure(.cancelled)) }
        guard !isShutDown else { return transfer.finish(.failure(.other("HTTP client was shut down"))) }
        guard let multi = multiHandle(), let easy = idleHandles.popLast() ?? curl_easy_init() else {
            return transfer.finish(.failure(.other("libcurl could not allocate a handle")))
        }
        do {
            try transfer.configure(easy, configuration)
        } catch {
            recycle(easy, transfer)
            return transfer.finish(.failure(error))
        }
        let code = curl_multi_add_handle(multi, easy)
        guard code == CURLM_OK else {
            recycle(easy, transfer)
            return transfer.finish(.failure(.other("curl_multi_add_handle: \(String(cString: curl_multi_strerror(code)))")))
        }
        active[easy] = transfer
    }

    /// Removes a cancelled transfer if it is still running (loop thread).
    func cancel(_ transfer: CurlTransfer) {
        guard let easy = transfer.easy, active[easy] === transfer, let multi else { return }
        active[easy] = nil
        curl_multi_remove_handle(multi, easy)
        recycle(easy, transfer)
        transfer.finish(.failure(.cancelled))
    }

    /// Fails every transfer, frees every handle and the multi; later starts fail (loop thread).
    func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        guard let multi else { return }
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            transfer.releaseRequestResources()
            transfer.finish(.failure(.other("HTTP client was shut down")))
        }
        active.removeAll()
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles.removeAll()
        // Closing cached connections calls the socket callback with CURL_POLL_REMOVE; let it.
        curl_multi_cleanup(multi)
        self.multi = nil
        for case let registration? in watchers.values.map(\.registration) { loop.deregister(registration) }
        watchers.removeAll()
        if let timer { loop.cancelTimer(timer) }
        timer = nil
        timerDeadline = nil
    }

    // MARK: Driving curl

    /// Tells curl that `fd` is ready (or, with `loom_curl_socket_timeout`, that its timer fired),
    /// then collects the transfers that finished as a result.
    func socketAction(_ fd: Int32, _ mask: Int32) {
        guard let multi else { return }
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, fd, mask, &running)
        collectFinished(multi)
    }

    private func collectFinished(_ multi: UnsafeMutableRawPointer) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            // The message dies with the handle's removal: copy what we need first.
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = loom_curl_msg_result(message)
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            curl_multi_remove_handle(multi, easy)
            let result = transfer.outcome(code: code)
            recycle(easy, transfer)
            transfer.finish(result)
        }
    }

    /// Returns a finished handle to the pool (reset, so it no longer points into the transfer)
    /// and frees the transfer's request buffers.
    private func recycle(_ easy: UnsafeMutableRawPointer, _ transfer: CurlTransfer) {
        if idleHandles.count < configuration.handlePoolSize {
            curl_easy_reset(easy)
            idleHandles.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
        transfer.releaseRequestResources()
    }

    /// The multi handle, created on first use so that it is made on the loop thread.
    private func multiHandle() -> UnsafeMutableRawPointer? {
        if let multi { return multi }
        CurlLibrary.initialize()
        guard let created = curl_multi_init() else { return nil }
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = loom_curl_multi_setopt_socket_callback(created, curlSocketCallback)
        _ = loom_curl_multi_setopt_pointer(created, CURLMOPT_SOCKETDATA, context)
        _ = loom_curl_multi_setopt_timer_callback(created, curlTimerCallback)
        _ = loom_curl_multi_setopt_pointer(created, CURLMOPT_TIMERDATA, context)
        _ = loom_curl_multi_setopt_long(created, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        if let cached = configuration.maxCachedConnections {
            _ = loom_curl_multi_setopt_long(created, CURLMOPT_MAXCONNECTS, cached)
        }
        multi = created
        return created
    }
}
