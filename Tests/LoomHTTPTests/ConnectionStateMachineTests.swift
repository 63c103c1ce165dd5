// ConnectionStateMachineTests: keep-alive, pipelining, 100-continue, back-pressure and every timeout, by hand-driven time.

import LoomCore
@testable import LoomHTTP
import Testing

@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    let start = Instant(nanoseconds: 5_000_000_000)

    func machine(_ configure: (inout HTTPConnectionStateMachine.Configuration) -> Void = { _ in }) -> HTTPConnectionStateMachine {
        var configuration = HTTPConnectionStateMachine.Configuration(
            headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(75), writeTimeout: .seconds(30))
        configure(&configuration)
        return HTTPConnectionStateMachine(configuration: configuration, now: start)
    }

    /// Parses `text` completely, collecting dispatched requests and the last non-dispatch action.
    func feed(_ machine: inout HTTPConnectionStateMachine, _ text: String, at now: Instant)
        -> (requests: [HTTPRequest], consumed: Int, last: HTTPConnectionStateMachine.ReadAction) {
        let bytes = Array(text.utf8)
        var requests: [HTTPRequest] = []
        var offset = 0
        while true {
            let action = bytes.withUnsafeBytes { machine.parse(UnsafeRawBufferPointer(rebasing: $0[offset...]), now: now) }
            if case .dispatch(let request, let consumed) = action {
                requests.append(request)
                offset += consumed
                continue
            }
            return (requests, offset, action)
        }
    }

    /// Queues and fully writes one response.
    func answer(_ machine: inout HTTPConnectionStateMachine, keepAlive: Bool = true, bytes: Int = 100, at now: Instant) -> Bool {
        let close = machine.willQueueResponse(keepAliveRequested: keepAlive, forceClose: false)
        machine.responseQueued(byteCount: bytes, now: now)
        machine.wrote(byteCount: bytes, blocked: false, now: now)
        return close
    }

    @Test("keep-alive: a request, its response, then idle until the keep-alive timeout closes quietly")
    func keepAliveAndIdleTimeout() {
        var connection = machine()
        let result = feed(&connection, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", at: start)
        #expect(result.requests.count == 1)
        guard case .needMore = result.last else { Issue.record("expected needMore"); return }
        #expect(connection.deadline == nil, "no timeout while a handler works")
        let closes = answer(&connection, at: start + .seconds(1))
        #expect(closes == false)
        #expect(connection.isIdle)
        #expect(connection.deadline == start + .seconds(76))
        let early = connection.timerFired(now: start + .seconds(75))
        let due = connection.timerFired(now: start + .seconds(76))
        #expect(early == .none)
        #expect(due == .close)
    }

    @Test("Connection: close and HTTP/1.0 without keep-alive close after the response")
    func closeAfterResponse() {
        for text in ["GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"] {
            var connection = machine()
            let result = feed(&connection, text + "GET /ignored HTTP/1.1\r\nHost: x\r\n\r\n", at: start)
            #expect(result.requests.count == 1)
            guard case .discard = result.last else { Issue.record("later bytes must be discarded"); continue }
            let closes = answer(&connection, keepAlive: result.requests[0].keepAlive, at: start)
            #expect(closes)
            #expect(connection.shouldCloseNow)
        }
    }

    @Test("HTTP/1.0 with keep-alive stays open")
    func http10KeepAlive() {
        var connection = machine()
        let result = feed(&connection, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", at: start)
        #expect(result.requests.first?.keepAlive == true)
        let closes = answer(&connection, at: start)
        #expect(closes == false)
        #expect(!connection.shouldCloseNow)
    }

    @Test("pipelined requests in one buffer come out in order; reading pauses at the pipelining limit")
    func pipeliningAndPause() {
        var connection = machine { $0.maxPipelinedRequests = 2 }
        let text = (1...3).map { "GET /\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        let result = feed(&connection, text, at: start)
        #expect(result.requests.map(\.path) == ["/1", "/2"])
        guard case .pause = result.last else { Issue.record("expected pause"); return }
        #expect(connection.readingPaused && !connection.canResumeReading)
        _ = answer(&connection, at: start)
        #expect(connection.canResumeReading)
        connection.resumeReading()
        let rest = Array(text.utf8)[result.consumed...]
        let action = Array(rest).withUnsafeBytes { connection.parse($0, now: start) }
        guard case .dispatch(let third, _) = action else { Issue.record("expected the third request"); return }
        #expect(third.path == "/3")
    }

    @Test("a client that does not read its responses pauses reading once output passes the limit")
    func outputBackPressure() {
        var connection = machine { $0.maxBufferedOutputBytes = 1000 }
        _ = feed(&connection, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: start)
        _ = connection.willQueueResponse(keepAliveRequested: true, forceClose: false)
        connection.responseQueued(byteCount: 5000, now: start)
        connection.wrote(byteCount: 1000, blocked: true, now: start)
        let action = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes { connection.parse($0, now: start) }
        guard case .pause = action else { Issue.record("expected pause"); return }
        #expect(connection.deadline == start + .seconds(30), "write timeout runs while the client does not read")
        connection.wrote(byteCount: 3600, blocked: false, now: start + .seconds(1))
        #expect(connection.canResumeReading)
        let later = connection.timerFired(now: start + .seconds(31))
        #expect(later == .none)
    }

    @Test("a client that never reads is closed by the write timeout")
    func writeTimeout() {
        var connection = machine()
        _ = feed(&connection, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: start)
        _ = connection.willQueueResponse(keepAliveRequested: true, forceClose: false)
        connection.responseQueued(byteCount: 10_000, now: start)
        connection.wrote(byteCount: 0, blocked: true, now: start)
        let early = connection.timerFired(now: start + .seconds(29))
        let due = connection.timerFired(now: start + .seconds(30))
        #expect(early == .none)
        #expect(due == .close)
    }

    @Test("Expect: 100-continue asks for a 100 at once when nothing else is pending")
    func expectContinue() {
        var connection = machine()
        let result = feed(&connection, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", at: start)
        guard case .sendContinue = result.last else { Issue.record("expected sendContinue"); return }
        connection.outputQueued(byteCount: 25)
        connection.wrote(byteCount: 25, blocked: false, now: start)
        let full = Array("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello".utf8)
        let action = full.withUnsafeBytes { connection.parse($0, now: start) }
        guard case .dispatch(let request, let consumed) = action else { Issue.record("expected dispatch"); return }
        #expect(request.body == Array("hello".utf8) && consumed == full.count)
    }

    @Test("a 100-continue behind an unanswered pipelined request waits until that response is written")
    func deferredContinue() {
        var connection = machine()
        let text = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"
        let result = feed(&connection, text, at: start)
        #expect(result.requests.count == 1)
        guard case .needMore = result.last else { Issue.record("expected needMore"); return }
        let tooEarly = connection.takeDeferredContinue()
        #expect(!tooEarly)
        _ = answer(&connection, at: start)
        let now = connection.takeDeferredContinue()
        let again = connection.takeDeferredContinue()
        #expect(now)
        #expect(!again, "only once")
    }

    @Test("a head that stalls past the header timeout is answered 408 and closed")
    func headerTimeout() {
        var connection = machine()
        _ = feed(&connection, "GET /slow HTTP/1.1\r\nHo", at: start + .seconds(2))
        #expect(connection.deadline == start + .seconds(12))
        let early = connection.timerFired(now: start + .seconds(11))
        let due = connection.timerFired(now: start + .seconds(12))
        #expect(early == .none)
        #expect(due == .respondAndClose)
        let closes = connection.willQueueResponse(keepAliveRequested: false, forceClose: true)
        #expect(closes)
        connection.responseQueued(byteCount: 100, now: start + .seconds(12))
        connection.wrote(byteCount: 100, blocked: false, now: start + .seconds(12))
        #expect(connection.shouldCloseNow)
    }

    @Test("a body that keeps arriving resets the body timeout; a stalled one gets 408")
    func bodyTimeout() {
        var connection = machine()
        let head = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n"
        _ = feed(&connection, head + "12", at: start)
        #expect(connection.deadline == start + .seconds(30))
        _ = feed(&connection, head + "1234", at: start + .seconds(20))
        #expect(connection.deadline == start + .seconds(50))
        let early = connection.timerFired(now: start + .seconds(49))
        let due = connection.timerFired(now: start + .seconds(50))
        #expect(early == .none)
        #expect(due == .respondAndClose)
    }

    @Test("invalid input is rejected once and later bytes are discarded")
    func rejectThenDiscard() {
        var connection = machine()
        let result = feed(&connection, "GARBAGE\r\n\r\n", at: start)
        guard case .reject(let error) = result.last else { Issue.record("expected reject"); return }
        #expect(error.status == 400)
        #expect(connection.inFlight == 1, "the error response takes its place in line")
        let again = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8).withUnsafeBytes { connection.parse($0, now: start) }
        guard case .discard = again else { Issue.record("expected discard"); return }
    }

    @Test("shutdown closes an idle connection at once and a busy one after its last response")
    func shutdown() {
        var idle = machine()
        let closesAtOnce = idle.beginShutdown()
        #expect(closesAtOnce)
        var busy = machine()
        _ = feed(&busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: start)
        let busyClosesAtOnce = busy.beginShutdown()
        #expect(!busyClosesAtOnce)
        let lastCloses = busy.willQueueResponse(keepAliveRequested: true, forceClose: false)
        #expect(lastCloses, "last response says Connection: close")
        busy.responseQueued(byteCount: 10, now: start)
        #expect(!busy.shouldCloseNow)
        busy.wrote(byteCount: 10, blocked: false, now: start)
        #expect(busy.shouldCloseNow)
    }
}
