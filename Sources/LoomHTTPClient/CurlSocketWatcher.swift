// CurlSocketWatcher: the reactor's handler for one socket curl asked us to watch.

import LoomReactor

/// Forwards readiness of one curl socket to its multi. The registration's generation means a
/// readiness event still queued for a socket curl has since closed never reaches a newer socket
/// that happens to get the same number.
final class CurlSocketWatcher: EventHandler {
    let fd: Int32
    /// Set right after registering (the loop needs the handler before it can hand out the registration).
    var registration: Registration?
    var interest: IOInterest
    /// Strong on purpose: the multi removes its watchers before it goes away, breaking the cycle.
    private let multi: CurlMulti

    init(fd: Int32, interest: IOInterest, multi: CurlMulti) {
        self.fd = fd
        self.interest = interest
        self.multi = multi
    }

    func handle(events: IOEvents) {
        multi.socketReady(fd, events: events)
    }
}
