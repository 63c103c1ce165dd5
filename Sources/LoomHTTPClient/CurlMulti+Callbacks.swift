// CurlMulti+Callbacks: curl's socket and timer callbacks, turned into reactor registrations and a loop timer.

internal import CCurl
import LoomCore
import LoomReactor

/// CURLMOPT_SOCKETFUNCTION: curl says which sockets it wants watched, and for what. Called only
/// from inside a curl call on the loop thread, so it may touch the multi's loop state.
let curlSocketCallback: @convention(c) (UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?,
                                        UnsafeMutableRawPointer?) -> Int32 = { _, fd, what, context, _ in
    let multi = Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue()
    return multi.watch(fd, what: what) ? 0 : -1
}

/// CURLMOPT_TIMERFUNCTION: curl says when it next wants `socketAction(CURL_SOCKET_TIMEOUT)`.
let curlTimerCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, milliseconds, context in
    let multi = Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue()
    multi.armTimer(milliseconds: milliseconds)
    return 0
}

extension CurlMulti {
    /// Applies one socket-callback request; false (curl then aborts the transfers) only when the
    /// kernel refuses the registration.
    func watch(_ fd: Int32, what: Int32) -> Bool {
        let interest: IOInterest
        switch what {
        case CURL_POLL_REMOVE:
            // curl calls this before it closes the socket, so the number may be reused right
            // after; dropping the registration now keeps stale events away from its next owner.
            if let registration = watchers.removeValue(forKey: fd)?.registration { loop.deregister(registration) }
            return true
        case CURL_POLL_IN: interest = .read
        case CURL_POLL_OUT: interest = .write
        case CURL_POLL_INOUT: interest = [.read, .write]
        default: interest = .none
        }
        if let watcher = watchers[fd], let registration = watcher.registration {
            guard watcher.interest != interest else { return true }
            do {
                try loop.modify(registration, interest: interest)
                watcher.interest = interest
                return true
            } catch {
                // The descriptor was closed behind our back and the number reused: start over.
                loop.deregister(registration)
                watchers[fd] = nil
            }
        }
        do {
            let watcher = CurlSocketWatcher(fd: fd, interest: interest, multi: self)
            watcher.registration = try loop.register(fd: fd, interest: interest, handler: watcher)
            watchers[fd] = watcher
            return true
        } catch {
            return false
        }
    }

    /// Readiness from the reactor for a socket curl owns.
    func socketReady(_ fd: Int32, events: IOEvents) {
        var mask: Int32 = 0
        // A hang-up is reported as readable so curl reads the end of stream (or the error) itself.
        if !events.isDisjoint(with: [.readable, .readHangUp, .hangUp]) { mask |= CURL_CSELECT_IN }
        if events.contains(.writable) { mask |= CURL_CSELECT_OUT }
        if events.contains(.error) { mask |= CURL_CSELECT_ERR }
        socketAction(fd, mask)
    }

    /// Replaces the single curl timer: -1 cancels it, 0 means "as soon as possible" (the loop
    /// runs due timers after this iteration's I/O, never inside the curl call that asked).
    func armTimer(milliseconds: Int) {
        let deadline = milliseconds >= 0 ? loop.clock.now() + .milliseconds(milliseconds) : nil
        // curl re-announces the same expiry often; keeping the armed timer avoids piling
        // cancelled entries into the loop's timer heap.
        if timer != nil, let deadline, let timerDeadline, deadline.nanoseconds / 1_000_000 == timerDeadline.nanoseconds / 1_000_000 {
            return
        }
        if let timer { loop.cancelTimer(timer) }
        timer = nil
        timerDeadline = deadline
        guard let deadline else { return }
        timer = loop.scheduleTimer(at: deadline) { [self] in
            timer = nil
            timerDeadline = nil
            socketAction(loom_curl_socket_timeout, 0)
        }
    }
}
