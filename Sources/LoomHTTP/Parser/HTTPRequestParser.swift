// HTTPRequestParser: the pure, incremental, zero-copy HTTP/1.1 request parser (RFC 9112, strict).

/// Parses requests out of a connection's growing input buffer.
///
/// `parse(_:)` gets ALL unconsumed bytes, starting at the beginning of the current request: on each
/// call the caller passes the same bytes as last time plus whatever arrived since, and drops the
/// first `consumed` bytes only after `.complete`. The parser remembers how far it scanned, so a
/// request fed in many small pieces costs O(n) in total. Scanning records offsets only; Strings and
/// arrays are built once, when a request completes. After `.complete` the parser is ready for the
/// next request (pipelining); after `.invalid` it keeps answering the same error.
///
/// If the input is ever shorter than on the previous call, the parser assumes a new request and
/// starts over.
public struct HTTPRequestParser: Sendable {
    public let limits: HTTPParserLimits

    private enum Phase: Sendable {
        case head, fixedBody, chunked, failed
    }

    // Limits, clamped so offset arithmetic cannot overflow. (Members without `private` are shared
    // with HTTPRequestParser+Head.swift.)
    let maxHead: Int
    let maxLine: Int
    let maxCount: Int
    private let maxBody: Int

    private var phase = Phase.head
    /// The error once `phase == .failed` (kept apart so `phase` stays a trivial value).
    private var failure: HTTPParseError?
    /// Everything else about the current request that is a plain value: reset in one store.
    var r = RequestState()
    /// Header field ranges: the first `r.fieldCount` belong to the current request. Scratch space,
    /// overwritten from request to request (never shrunk, so no allocation per request).
    var fields: [HTTPHeaders.Field] = []
    private var chunked: ChunkedBodyDecoder?
    /// Where a request's HTTPHeaders storage is assembled before its one copy; reused.
    private var scratch: [UInt8] = []

    struct RequestState {
        /// `input.count` at the last call.
        var seen = 0
        var sentHeadComplete = false

        // Head scanning: offsets into the input.
        var lineStart = 0            // start of the line being scanned
        var searchFrom = 0           // no LF before this offset in the current line
        var emptyLines = 0
        var sawRequestLine = false
        var headStart = 0            // the request line
        var methodEnd = 0
        var targetStart = 0
        var targetEnd = 0
        var split = RequestTarget.Split(pathStart: 0, pathEnd: 0, queryStart: -1)
        var version = HTTPVersion.http1_1
        var fieldsStart = 0          // first header line; field offsets are relative to it
        var fieldCount = 0           // fields[0..<fieldCount] are this request's
        var headEnd = 0              // first byte after the blank line; 0 while the head is incomplete

        // What the head says about framing and the connection.
        var hostCount = 0
        var contentLength = -1       // -1: none
        var transferEncodings = 0
        var chunkedOnly = false
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false

        var bodyLength = 0
    }

    static let maxContentLength = 1 << 62

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
        let cap = 1 << 40
        // Header offsets are stored as UInt32 (HTTPHeaders); a head can never be near 4 GiB.
        maxHead = min(max(limits.maxHeaderBytes, 0), 1 << 30)
        maxLine = min(max(limits.maxRequestLineBytes, 0), cap)
        maxCount = min(max(limits.maxHeaderCount, 0), cap)
        maxBody = min(max(limits.maxBodyBytes, 0), cap)
    }

    /// True when some bytes of a request have been seen but it is not complete.
    public var isMidRequest: Bool {
        phase != .failed && r.seen > 0
    }

    /// True once the head is complete and the body is still being received.
    public var isReadingBody: Bool {
        switch phase {
        case .fixedBody, .chunked: true
        case .head, .failed: false
        }
    }

    /// Parses as much of the request at the start of `input` as is there. See the type's comment.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> HTTPParseResult {
        if phase == .failed, let failure { return .invalid(failure) }
        let n = input.count
        if n < r.seen { resetForNextRequest() }
        r.seen = n
        guard n > 0, let raw = input.baseAddress else { return .needMore }
        return advance(raw.assumingMemoryBound(to: UInt8.self), n)
    }

    private mutating func fail(_ error: HTTPParseError) -> HTTPParseResult {
        phase = .failed
        failure = error
        return .invalid(error)
    }

    private mutating func advance(_ p: UnsafePointer<UInt8>, _ n: Int) -> HTTPParseResult {
        if phase == .head {
            if let error = scanHead(p, n) { return fail(error) }
            guard r.headEnd > 0 else { return .needMore }
            if let error = beginBody() { return fail(error) }
        }
        switch phase {
        case .head:
            // No body: the request ends with its head.
            return finish(p, consumed: r.headEnd, body: [], trailers: HTTPHeaders())
        case .fixedBody:
            let end = r.headEnd &+ r.bodyLength
            guard n >= end else { return headCompleteOnce() }
            let body = Array(UnsafeBufferPointer(start: p + r.headEnd, count: r.bodyLength))
            return finish(p, consumed: end, body: body, trailers: HTTPHeaders())
        case .chunked:
            guard var decoder = chunked else { return .needMore }
            chunked = nil  // keep the decoder's body uniquely referenced while it grows
            let step = decoder.decode(p, n)
            switch step {
            case .needMore:
                chunked = decoder
                return headCompleteOnce()
            case .failed(let error):
                return fail(error)
            case .done(let end):
                return finish(p, consumed: end, body: decoder.body, trailers: decoder.trailers(p))
            }
        case .failed:
            return failure.map { .invalid($0) } ?? .needMore
        }
    }

    private mutating func headCompleteOnce() -> HTTPParseResult {
        if r.sentHeadComplete { return .needMore }
        r.sentHeadComplete = true
        return .headComplete(expectsContinue: expectsContinue)
    }

    private var expectsContinue: Bool {
        guard r.version == .http1_1, r.expectContinue else { return false }
        return r.transferEncodings > 0 || r.contentLength > 0
    }

    // MARK: Body

    /// Decides the body framing once the head is complete (RFC 9112 §6.3).
    private mutating func beginBody() -> HTTPParseError? {
        if r.version == .http1_1 && r.hostCount == 0 { return .missingHost }
        if r.transferEncodings > 0 {
            if r.contentLength >= 0 { return .transferEncodingWithContentLength }
            if r.version == .http1_0 { return .transferEncodingOnHTTP10 }
            if !r.chunkedOnly { return .unsupportedTransferEncoding }
            phase = .chunked
            chunked = ChunkedBodyDecoder(
                start: r.headEnd, maxBody: maxBody,
                trailerBytes: maxHead &- (r.headEnd &- r.headStart) &+ 2,
                trailerCount: maxCount &- r.fieldCount)
        } else if r.contentLength > 0 {
            if r.contentLength > maxBody { return .bodyTooLarge }
            phase = .fixedBody
            r.bodyLength = r.contentLength
        }
        return nil
    }

    /// Forgets the request, keeping the field scratch array's capacity (no allocation per request).
    private mutating func resetForNextRequest() {
        r = RequestState()
        phase = .head
        if chunked != nil { chunked = nil }
    }

    /// Builds the request and resets for the next one.
    private mutating func finish(_ p: UnsafePointer<UInt8>, consumed: Int, body: [UInt8],
                                 trailers: HTTPHeaders) -> HTTPParseResult {
        // The header section (without its blank line) is copied once, into the headers' storage.
        let headers = fields.withUnsafeBufferPointer {
            HTTPHeaders(fields: UnsafeBufferPointer(rebasing: $0[0..<r.fieldCount]), bytes: p + r.fieldsStart,
                        byteCount: r.headEnd &- 2 &- r.fieldsStart, scratch: &scratch)
        }
        let method = HTTPMethod(bytes: p + r.headStart, count: r.methodEnd &- r.headStart)
        let target = RequestBytes.string(p, r.targetStart, r.targetEnd)
        let (path, query) = RequestTarget.strings(p, r.split, target: target, start: r.targetStart, end: r.targetEnd)
        let version = r.version
        let keepAlive = RequestTarget.keepAlive(version: version, close: r.connectionClose, keepAlive: r.connectionKeepAlive)
        let expectsContinue = expectsContinue
        resetForNextRequest()
        return .complete(
            HTTPRequest(method: method, target: target, path: path, query: query, version: version,
                        headers: headers, trailers: trailers, body: body,
                        keepAlive: keepAlive, expectsContinue: expectsContinue),
            consumed: consumed)
    }
}
