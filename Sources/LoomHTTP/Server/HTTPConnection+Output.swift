// HTTPConnection+Output: writing responses, connection timers and closing, lingering included.

import LoomCore
import LoomReactor

extension HTTPConnection {
    // MARK: Writing

    func flush() {
        guard state == .open else { return }
        if !output.isEmpty {
            let result = output.flush(to: fd)
            if result.error { return close() }
            machine.wrote(byteCount: result.written, blocked: result.blocked, now: context.loop.clock.now())
            if result.blocked {
                setInterest(machine.readingPaused || !machine.acceptingRequests ? .write : [.read, .write])
                return
            }
        }
        if machine.shouldCloseNow { return closeAfterFinalResponse() }
        if machine.takeDeferredContinue() {
            output.append(copying: ResponseSerializer.continueResponse)
            machine.outputQueued(byteCount: ResponseSerializer.continueResponse.count)
            return flush()
        }
        if machine.canResumeReading && !parsing {
            machine.resumeReading()
            setInterest(.read)
            reparsePending()
            serializeReadySlots()
            if !output.isEmpty { flush() }
            return
        }
        if interest.contains(.write) {
            setInterest(machine.acceptingRequests && !machine.readingPaused ? .read : .none)
        }
    }

    func setInterest(_ wanted: IOInterest) {
        guard wanted != interest, let registration else { return }
        interest = wanted
        try? context.loop.modify(registration, interest: wanted)
    }

    // MARK: Time

    func updateTimer() {
        guard let deadline = machine.deadline else { return }
        // Deadlines mostly move later; an earlier armed timer just re-arms when it fires.
        if let armed = timerDeadline, armed <= deadline { return }
        if let timer { context.loop.cancelTimer(timer) }
        timerDeadline = deadline
        timer = context.loop.scheduleTimer(at: deadline) { [self] in timerFired() }
    }

    func timerFired() {
        timer = nil
        timerDeadline = nil
        if state == .lingering { return close() }
        guard state == .open else { return }
        switch machine.timerFired(now: context.loop.clock.now()) {
        case .none:
            updateTimer()
        case .close:
            close()
        case .respondAndClose:
            appendSlot(Slot(method: .get, keepAlive: false, http10: false, startedAt: context.loop.clock.now(),
                            route: "timeout", response: .error(.requestTimeout, code: "request_timeout",
                                                               message: "The request was not received in time.",
                                                               closeConnection: true)))
            flush()
            if state == .open { updateTimer() }
        }
    }

    // MARK: Closing

    /// Server shutdown: idle connections close now, busy ones after their last response.
    func beginShutdown() {
        guard state == .open else { return }
        if machine.beginShutdown() { close() }
    }

    /// After the last response: half-close, and if the client is still sending, read and discard
    /// briefly so the kernel does not answer its bytes with a reset that destroys our response.
    func closeAfterFinalResponse() {
        Socket.shutdownWrite(fd)
        switch Socket.read(fd, into: context.readBuffer) {
        case .transferred:
            state = .lingering
            setInterest(.read)
            if let timer { context.loop.cancelTimer(timer) }
            timerDeadline = context.loop.clock.now() + .seconds(2)
            timer = context.loop.scheduleTimer(at: timerDeadline!) { [self] in timerFired() }
        case .wouldBlock, .endOfFile, .failed:
            close()
        }
    }

    func drainWhileLingering() {
        for _ in 0..<16 {
            switch Socket.read(fd, into: context.readBuffer) {
            case .transferred: continue
            case .wouldBlock: return
            case .endOfFile, .failed: return close()
            }
        }
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        if let timer { context.loop.cancelTimer(timer) }
        timer = nil
        if let registration { context.loop.deregister(registration) }
        registration = nil
        Socket.close(fd)
        context.connections[fd] = nil
        slots.removeAll()
        pending = []
        server.connectionClosed()
    }
}
