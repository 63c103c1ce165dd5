// HTTPConnection: one accepted socket: reads, parses, dispatches, writes in order, times out, closes.

import LoomCore
import LoomReactor

/// The socket side of a connection. It carries out what `HTTPConnectionStateMachine` decides and
/// keeps the response order of pipelined requests. Everything runs on the owning loop's thread.
final class HTTPConnection: EventHandler {
    enum State { case open, lingering, closed }

    /// A request awaiting its response, in arrival order.
    struct Slot {
        let method: HTTPMethod
        let keepAlive: Bool
        let http10: Bool
        let startedAt: Instant
        var route: String
        var response: HTTPResponse?
    }

    let fd: Int32
    private let peer: SocketAddress?
    unowned let context: LoopContext
    let server: HTTPServer
    var registration: Registration?
    var machine: HTTPConnectionStateMachine
    var state = State.open
    var interest = IOInterest.read
    /// Unconsumed input; empty unless a request spans several reads.
    var pending: [UInt8] = []
    var pendingStart = 0
    var slots: [Slot] = []
    var firstSlotSequence = 0
    var output = OutputQueue()
    var timer: TimerID?
    var timerDeadline: Instant?
    var parsing = false
    var inputClosed = false

    init(fd: Int32, peer: SocketAddress?, context: LoopContext, server: HTTPServer) {
        self.fd = fd
        self.peer = peer
        self.context = context
        self.server = server
        machine = HTTPConnectionStateMachine(configuration: server.configuration.connection, now: context.loop.clock.now())
    }

    func start() throws {
        registration = try context.loop.register(fd: fd, interest: .read, handler: self)
        context.connections[fd] = self
        server.connectionOpened()
        updateTimer()
    }

    // MARK: Events

    func handle(events: IOEvents) {
        switch state {
        case .closed: return
        case .lingering: return drainWhileLingering()
        case .open: break
        }
        if events.contains(.writable) { flush() }
        guard state == .open else { return }
        if inputClosed {
            // Level-triggered hang-up or error keeps firing; once input is over, it means the peer is gone.
            if !events.isDisjoint(with: [.hangUp, .error]) { close() }
            return
        }
        if !events.isDisjoint(with: [.readable, .readHangUp, .hangUp, .error]) {
            if machine.readingPaused {
                // Paused for back-pressure but the peer is gone: nothing more can be delivered.
                if events.contains(.hangUp) || events.contains(.error) { close() }
                return
            }
            readInput()
        }
        if state == .open { updateTimer() }
    }

    private func readInput() {
        let buffer = context.readBuffer
        // A bounded number of reads per wake-up keeps one busy client from starving the others.
        for _ in 0..<4 {
            switch Socket.read(fd, into: buffer) {
            case .transferred(let count):
                consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                guard state == .open, !machine.readingPaused, machine.acceptingRequests else { return }
                if count < buffer.count { return }
            case .wouldBlock:
                return
            case .endOfFile:
                return peerClosedInput()
            case .failed:
                return close()
            }
        }
    }

    /// The client will send nothing more; answer what is in flight, then close.
    private func peerClosedInput() {
        inputClosed = true
        setInterest(output.isEmpty ? .none : .write)
        if machine.beginShutdown() { close() }
    }

    // MARK: Parsing

    private func consume(_ bytes: UnsafeRawBufferPointer) {
        if pendingStart == pending.count {
            let used = drive(bytes)
            if state == .open && used < bytes.count && machine.acceptingRequests {
                pending = Array(bytes[used...])
                pendingStart = 0
            }
        } else {
            pending.append(contentsOf: bytes)
            reparsePending()
        }
        flush()
    }

    func reparsePending() {
        guard pendingStart < pending.count else { return }
        let used = pending.withUnsafeBytes { drive(UnsafeRawBufferPointer(rebasing: $0[pendingStart...])) }
        pendingStart += used
        if pendingStart == pending.count || !machine.acceptingRequests {
            pending = []
            pendingStart = 0
        } else if pendingStart > 64 * 1024 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }

    /// Parses and dispatches every complete request in `input`; returns the bytes used.
    private func drive(_ input: UnsafeRawBufferPointer) -> Int {
        parsing = true
        defer { parsing = false }
        var offset = 0
        while state == .open {
            let now = context.loop.clock.now()
            switch machine.parse(UnsafeRawBufferPointer(rebasing: input[offset...]), now: now) {
            case .dispatch(let request, let consumed):
                offset += consumed
                dispatch(request, now: now)
            case .sendContinue:
                output.append(copying: ResponseSerializer.continueResponse)
                machine.outputQueued(byteCount: ResponseSerializer.continueResponse.count)
            case .needMore:
                return offset
            case .pause:
                setInterest(output.isEmpty ? .none : .write)
                return offset
            case .reject(let error):
                let response = HTTPResponse.error(HTTPStatus(code: error.status), code: error.code, message: error.message,
                                                  closeConnection: true)
                appendSlot(Slot(method: .get, keepAlive: false, http10: false, startedAt: now, route: "invalid", response: response))
                return input.count
            case .discard:
                return input.count
            }
        }
        return input.count
    }

    // MARK: Dispatch

    private func dispatch(_ request: HTTPRequest, now: Instant) {
        var routeContext = RequestContext(loop: context.loop, peer: peer, receivedAt: now,
                                          trustedProxies: server.configuration.trustedProxies)
        var slot = Slot(method: request.method, keepAlive: request.keepAlive, http10: request.version == .http1_0,
                        startedAt: now, route: "unmatched", response: nil)
        switch server.router.resolve(method: request.method, path: request.path) {
        case .notFound:
            slot.response = .error(.notFound, code: "not_found", message: "No route for \(request.method) \(request.path)")
        case .methodNotAllowed(let allow):
            slot.response = .error(.methodNotAllowed, code: "method_not_allowed",
                                   message: "\(request.method) is not allowed on \(request.path)",
                                   headers: [("Allow", allow.joined(separator: ", "))])
        case .matched(let handler, let route, let parameters):
            slot.route = route
            routeContext.pathParameters = parameters
            switch handler {
            case .sync(let run):
                slot.response = run(request, routeContext)
            case .async(let run):
                let sequence = firstSlotSequence + slots.count
                appendSlot(slot)
                runAsync(run, request, routeContext, sequence: sequence)
                return
            }
        }
        appendSlot(slot)
    }

    private func runAsync(_ run: @escaping @Sendable (HTTPRequest, RequestContext) async -> HTTPResponse,
                          _ request: HTTPRequest, _ routeContext: RequestContext, sequence: Int) {
        let loop = context.loop
        let connection = LoopBound(self)
        Task(executorPreference: loop) {
            let response = await run(request, routeContext)
            loop.execute { connection.value.complete(sequence: sequence, response: response) }
        }
    }

    /// An async handler finished.
    private func complete(sequence: Int, response: HTTPResponse) {
        guard state == .open || state == .lingering, sequence >= firstSlotSequence,
              sequence - firstSlotSequence < slots.count else { return }
        slots[sequence - firstSlotSequence].response = response
        serializeReadySlots()
        flush()
        if state == .open { updateTimer() }
    }

    func appendSlot(_ slot: Slot) {
        slots.append(slot)
        serializeReadySlots()
    }

    /// Serializes responses that are ready, in request order.
    func serializeReadySlots() {
        while let first = slots.first, let response = first.response {
            slots.removeFirst()
            firstSlotSequence += 1
            let close = machine.willQueueResponse(keepAliveRequested: first.keepAlive, forceClose: response.closeConnection)
            let before = output.byteCount
            ResponseSerializer.write(response, close: close, http10KeepAlive: first.http10 && !close,
                                     omitBody: first.method == .head, date: context.dateLine(), into: &output)
            let now = context.loop.clock.now()
            machine.responseQueued(byteCount: output.byteCount - before, now: now)
            context.metrics.record(method: first.method.rawValue, route: first.route, status: response.status.code,
                                   durationNanoseconds: now.nanoseconds &- first.startedAt.nanoseconds)
        }
    }
}

/// Carries a loop-confined object through a `@Sendable` closure that runs on the same loop.
struct LoopBound<Value: AnyObject>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
