// HTTPConnectionStateMachine: what one HTTP/1.1 connection does next, as values, with no sockets or clocks.

public import LoomCore

/// The protocol logic of one connection: parsing, pipelining limits, keep-alive, `100-continue`,
/// timeouts and close decisions. The socket side (`HTTPConnection`) feeds it bytes, times and
/// write progress and carries out the actions it returns, so all of this is tested without sockets
/// and with a hand-driven clock.
public struct HTTPConnectionStateMachine: Sendable {
    /// Limits and timeouts for one connection.
    public struct Configuration: Sendable {
        public var limits: HTTPParserLimits
        /// From the first byte of a request head to its end.
        public var headerTimeout: Duration
        /// The longest stall between two pieces of a request body.
        public var bodyTimeout: Duration
        /// Keep-alive: how long a connection may sit with nothing to do.
        public var idleTimeout: Duration
        /// How long the client may leave our responses unread while we wait to write.
        public var writeTimeout: Duration
        /// Requests parsed but not yet answered before reading pauses (pipelining depth).
        public var maxPipelinedRequests: Int
        /// Response bytes waiting for the client before reading pauses.
        public var maxBufferedOutputBytes: Int

        public init(limits: HTTPParserLimits = HTTPParserLimits(), headerTimeout: Duration = .seconds(10),
                    bodyTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(75),
                    writeTimeout: Duration = .seconds(30), maxPipelinedRequests: Int = 16,
                    maxBufferedOutputBytes: Int = 1 << 20) {
            self.limits = limits
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxPipelinedRequests = maxPipelinedRequests
            self.maxBufferedOutputBytes = maxBufferedOutputBytes
        }
    }

    /// What to do with the bytes read so far.
    public enum ReadAction: Sendable {
        /// A complete request: hand it to the router. `consumed` input bytes belong to it.
        case dispatch(HTTPRequest, consumed: Int)
        /// Write `HTTP/1.1 100 Continue` now, then keep parsing.
        case sendContinue
        /// Wait for more bytes.
        case needMore
        /// Too much is waiting to be answered or written: stop reading until `canResumeReading`.
        case pause
        /// The input is unacceptable: answer with this error (after earlier responses), then close.
        case reject(HTTPParseError)
        /// No more requests will be read on this connection: drop the bytes.
        case discard
    }

    /// What to do when the connection's deadline passes.
    public enum TimeoutAction: Equatable, Sendable {
        /// The deadline moved (activity happened); re-arm for `deadline`.
        case none
        /// Close without a response (idle keep-alive, or a client not reading).
        case close
        /// Answer `408` (in order after earlier responses) and close.
        case respondAndClose
    }

    public let configuration: Configuration
    private var parser: HTTPRequestParser
    private var lastActivity: Instant
    private var requestStartedAt: Instant?
    private var bodyProgressAt: Instant?
    private var bodyBytesSeen = 0
    private var writeBlockedSince: Instant?
    private var continueDeferred = false
    private var closeWhenDrained = false

    /// Requests dispatched (or errors decided) whose responses are not yet queued for writing.
    public private(set) var inFlight = 0
    /// Response bytes queued but not yet written.
    public private(set) var bufferedOutputBytes = 0
    /// False once the connection will read no further requests (close requested, error, shutdown).
    public private(set) var acceptingRequests = true
    /// True while reading is paused for back-pressure.
    public private(set) var readingPaused = false

    public init(configuration: Configuration = Configuration(), now: Instant) {
        self.configuration = configuration
        parser = HTTPRequestParser(limits: configuration.limits)
        lastActivity = now
    }

    /// True when part of a request has arrived but not all of it.
    public var isMidRequest: Bool { parser.isMidRequest }

    // MARK: Reading

    /// Parses `input` (all unconsumed bytes) and says what to do next. Call repeatedly, dropping
    /// `consumed` bytes after each `.dispatch`, until it answers something other than `.dispatch`
    /// or `.sendContinue`.
    public mutating func parse(_ input: UnsafeRawBufferPointer, now: Instant) -> ReadAction {
        guard acceptingRequests else { return .discard }
        if inFlight >= configuration.maxPipelinedRequests || bufferedOutputBytes > configuration.maxBufferedOutputBytes {
            readingPaused = true
            return .pause
        }
        switch parser.parse(input) {
        case .complete(let request, let consumed):
            inFlight += 1
            lastActivity = now
            requestStartedAt = nil
            bodyProgressAt = nil
            bodyBytesSeen = 0
            continueDeferred = false
            if !request.keepAlive { acceptingRequests = false }
            return .dispatch(request, consumed: consumed)
        case .headComplete(let expectsContinue):
            bodyProgressAt = now
            bodyBytesSeen = input.count
            guard expectsContinue else { return .needMore }
            // A 100 must not overtake the final responses of earlier pipelined requests.
            if inFlight == 0 && bufferedOutputBytes == 0 { return .sendContinue }
            continueDeferred = true
            return .needMore
        case .needMore:
            if requestStartedAt == nil && !input.isEmpty { requestStartedAt = now }
            if parser.isReadingBody && input.count > bodyBytesSeen {
                bodyProgressAt = now
                bodyBytesSeen = input.count
            }
            return .needMore
        case .invalid(let error):
            acceptingRequests = false
            inFlight += 1
            return .reject(error)
        }
    }

    /// True when a paused connection may read again.
    public var canResumeReading: Bool {
        readingPaused && acceptingRequests && inFlight < configuration.maxPipelinedRequests
            && bufferedOutputBytes <= configuration.maxBufferedOutputBytes / 2
    }

    /// Marks reading as resumed (after `canResumeReading`).
    public mutating func resumeReading() { readingPaused = false }

    /// True, once, when a deferred `100 Continue` may now be written.
    public mutating func takeDeferredContinue() -> Bool {
        guard continueDeferred, inFlight == 0, bufferedOutputBytes == 0 else { return false }
        continueDeferred = false
        return true
    }

    // MARK: Responses

    /// Called just before the next response (in request order) is serialized. Returns whether
    /// the connection closes after it, so the response can say `Connection: close`.
    public mutating func willQueueResponse(keepAliveRequested: Bool, forceClose: Bool) -> Bool {
        let last = !acceptingRequests && inFlight == 1
        if !keepAliveRequested || forceClose || last {
            acceptingRequests = false
            closeWhenDrained = true
        }
        return closeWhenDrained
    }

    /// Records a serialized response of `byteCount` bytes.
    public mutating func responseQueued(byteCount: Int, now: Instant) {
        inFlight -= 1
        bufferedOutputBytes += byteCount
        lastActivity = now
    }

    /// Records bytes of an interim response (`100 Continue`) or any other queued output.
    public mutating func outputQueued(byteCount: Int) {
        bufferedOutputBytes += byteCount
    }

    /// Records a write of `byteCount` bytes; `blocked` when the kernel would take no more.
    public mutating func wrote(byteCount: Int, blocked: Bool, now: Instant) {
        bufferedOutputBytes -= byteCount
        if byteCount > 0 { lastActivity = now }
        if blocked {
            if writeBlockedSince == nil || byteCount > 0 { writeBlockedSince = now }
        } else {
            writeBlockedSince = nil
        }
    }

    /// True when everything is answered and written and the connection should close.
    public var shouldCloseNow: Bool { closeWhenDrained && inFlight == 0 && bufferedOutputBytes == 0 }

    /// True when nothing is pending at all (no partial request, response or output).
    public var isIdle: Bool { inFlight == 0 && bufferedOutputBytes == 0 && !parser.isMidRequest }

    // MARK: Shutdown and time

    /// Stops reading new requests; in-flight ones are answered, the last with `Connection: close`.
    /// Returns true when the connection can close at once.
    public mutating func beginShutdown() -> Bool {
        acceptingRequests = false
        if inFlight == 0 && bufferedOutputBytes == 0 { return true }
        closeWhenDrained = true
        return false
    }

    /// When the current phase times out, or nil while a handler is working on a request.
    public var deadline: Instant? {
        if let blocked = writeBlockedSince { return blocked + configuration.writeTimeout }
        if inFlight > 0 || bufferedOutputBytes > 0 { return nil }
        if parser.isReadingBody, let progress = bodyProgressAt { return progress + configuration.bodyTimeout }
        if let started = requestStartedAt { return started + configuration.headerTimeout }
        return lastActivity + configuration.idleTimeout
    }

    /// Decides what happens when a timer armed for `deadline` fires at `now`.
    public mutating func timerFired(now: Instant) -> TimeoutAction {
        guard let deadline, now >= deadline else { return .none }
        if writeBlockedSince != nil || !acceptingRequests { return .close }
        if parser.isMidRequest {
            acceptingRequests = false
            inFlight += 1
            return .respondAndClose
        }
        return .close
    }
}
