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

    // Limits, clamped so offset arithmetic cannot overflow.
    private let maxHead: Int
    private let maxLine: Int
    private let maxCount: Int
    private let maxBody: Int

    private var phase = Phase.head
    /// The error once `phase == .failed` (kept apart so `phase` stays a trivial value).
    private var failure: HTTPParseError?
    /// Everything else about the current request that is a plain value: reset in one store.
    private var r = RequestState()
    /// Header field ranges of the current request; scratch space reused from request to request.
    private var fields: [HTTPHeaders.Field] = []
    private var chunked: ChunkedBodyDecoder?
    /// Where a request's HTTPHeaders storage is assembled before its one copy; reused.
    private var scratch: [UInt8] = []

    private struct RequestState {
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

    // MARK: Head

    /// Scans complete head lines. Returns an error, or nil with `r.headEnd > 0` once the blank line
    /// is seen (nil with `r.headEnd == 0`: need more).
    private mutating func scanHead(_ p: UnsafePointer<UInt8>, _ n: Int) -> HTTPParseError? {
        while true {
            // The line's LF must fall inside the budget of the part being read.
            let windowEnd = r.sawRequestLine ? r.headStart &+ maxHead : r.lineStart &+ min(maxLine &+ 2, maxHead)
            guard let lf = RequestBytes.firstLF(p, from: r.searchFrom, to: min(n, windowEnd)) else {
                if n >= windowEnd { return r.sawRequestLine ? .headerTooLarge : .uriTooLong }
                r.searchFrom = n
                return nil
            }
            let start = r.lineStart
            r.searchFrom = lf &+ 1
            r.lineStart = lf &+ 1
            guard lf > start, p[lf &- 1] == RequestBytes.cr else { return .bareLF }
            let end = lf &- 1

            if !r.sawRequestLine {
                if end == start {
                    // RFC 9112 §2.2: ignore a few empty lines before the request line.
                    r.emptyLines &+= 1
                    if r.emptyLines > 2 { return .tooManyEmptyLines }
                    continue
                }
                r.headStart = start
                if let error = scanRequestLine(p, start: start, end: end) { return error }
                r.sawRequestLine = true
                r.fieldsStart = r.lineStart
                continue
            }
            if end == start {
                r.headEnd = r.lineStart
                return nil
            }
            if fields.count >= maxCount { return .tooManyHeaders }
            var field = HTTPHeaders.Field(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0)
            if let error = HeaderFieldLine.scan(p, start: start, end: end, base: r.fieldsStart, into: &field) {
                return error
            }
            if let error = noteField(p, field) { return error }
            // Scratch space reused from request to request (the request gets its own copy).
            if fields.capacity == 0 { fields.reserveCapacity(32) }
            fields.append(field)
        }
    }

    /// `method SP request-target SP HTTP-version`, exactly one SP between parts.
    private mutating func scanRequestLine(_ p: UnsafePointer<UInt8>, start: Int, end: Int) -> HTTPParseError? {
        var i = start
        while i < end && RequestBytes.isToken(p[i]) { i &+= 1 }
        guard i > start, i < end, p[i] == RequestBytes.sp else {
            return i < end && p[i] == RequestBytes.cr ? .bareCR : .malformedRequestLine("The method is missing or malformed.")
        }
        r.methodEnd = i
        i &+= 1
        r.targetStart = i
        var question = -1
        while i < end {
            let b = p[i]
            guard RequestBytes.isVisible(b) else { break }
            if b == RequestBytes.question && question < 0 { question = i }
            i &+= 1
        }
        guard i > r.targetStart, i < end, p[i] == RequestBytes.sp else {
            return i < end && p[i] == RequestBytes.cr ? .bareCR : .malformedRequestLine("The request-target is missing or malformed.")
        }
        r.targetEnd = i
        i &+= 1

        // HTTP-version = "HTTP/" DIGIT "." DIGIT
        guard end &- i == 8, RequestBytes.equals(p + i, 5, "HTTP/"), p[i &+ 5] &- 0x30 < 10,
              p[i &+ 6] == 0x2E, p[i &+ 7] &- 0x30 < 10 else {
            if firstCR(p, from: i, to: end) != nil { return .bareCR }
            return .malformedRequestLine("The HTTP version is malformed.")
        }
        let major = p[i &+ 5], minor = p[i &+ 7]

        if let error = checkTargetForm(p) { return error }
        r.split = RequestTarget.split(p, start: r.targetStart, end: r.targetEnd, question: question)

        guard major == 0x31, minor == 0x31 || minor == 0x30 else { return .unsupportedVersion }
        r.version = minor == 0x31 ? .http1_1 : .http1_0
        return nil
    }

    private func firstCR(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if p[i] == RequestBytes.cr { return i }
            i &+= 1
        }
        return nil
    }

    /// origin-form, absolute-form, `*` (OPTIONS only) or authority-form (CONNECT only).
    private func checkTargetForm(_ p: UnsafePointer<UInt8>) -> HTTPParseError? {
        let first = p[r.targetStart]
        if first == RequestBytes.slash { return nil }
        let method = p + r.headStart
        let methodLength = r.methodEnd &- r.headStart
        if first == RequestBytes.star && r.targetEnd &- r.targetStart == 1 {
            return RequestBytes.equals(method, methodLength, "OPTIONS")
                ? nil : .invalidTarget("The \"*\" target is only allowed with OPTIONS.")
        }
        if RequestTarget.authorityStart(p, start: r.targetStart, end: r.targetEnd) != nil { return nil }
        if RequestBytes.equals(method, methodLength, "CONNECT") { return nil }
        return .invalidTarget("The request-target must start with \"/\" or be an absolute URI.")
    }

    /// Notes what a header field means for framing and the connection.
    private mutating func noteField(_ p: UnsafePointer<UInt8>, _ field: HTTPHeaders.Field) -> HTTPParseError? {
        let name = p + (r.fieldsStart &+ field.nameStart)
        let valueStart = r.fieldsStart &+ field.valueStart
        let valueEnd = r.fieldsStart &+ field.valueEnd
        switch field.nameEnd &- field.nameStart {
        case 4:
            if RequestBytes.validatedEqualsLowercased(name, 4, "host") {
                r.hostCount &+= 1
                if r.hostCount > 1 { return .duplicateHost }
            }
        case 6:
            if RequestBytes.validatedEqualsLowercased(name, 6, "expect") {
                _ = RequestBytes.forEachListElement(p, from: valueStart, to: valueEnd) { s, e in
                    if RequestBytes.validatedEqualsLowercased(p + s, e &- s, "100-continue") { r.expectContinue = true }
                    return true
                }
            }
        case 10:
            if RequestBytes.validatedEqualsLowercased(name, 10, "connection") {
                _ = RequestBytes.forEachListElement(p, from: valueStart, to: valueEnd) { s, e in
                    if RequestBytes.validatedEqualsLowercased(p + s, e &- s, "close") { r.connectionClose = true }
                    if RequestBytes.validatedEqualsLowercased(p + s, e &- s, "keep-alive") { r.connectionKeepAlive = true }
                    return true
                }
            }
        case 14:
            if RequestBytes.validatedEqualsLowercased(name, 14, "content-length") {
                return noteContentLength(p, from: valueStart, to: valueEnd)
            }
        case 17:
            if RequestBytes.validatedEqualsLowercased(name, 17, "transfer-encoding") {
                r.transferEncodings &+= 1
                // Exactly "chunked"; a second Transfer-Encoding field makes the list longer.
                r.chunkedOnly = r.transferEncodings == 1
                    && RequestBytes.validatedEqualsLowercased(p + valueStart, valueEnd &- valueStart, "chunked")
            }
        default:
            break
        }
        return nil
    }

    /// Content-Length = 1*DIGIT; a comma list or repeated fields are accepted only if all equal.
    private mutating func noteContentLength(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> HTTPParseError? {
        var i = from
        repeat {
            while i < to && RequestBytes.isOWS(p[i]) { i &+= 1 }
            let digitsStart = i
            var value = 0
            while i < to, p[i] &- 0x30 < 10 {
                let d = Int(p[i] &- 0x30)
                if value > (Self.maxContentLength &- d) / 10 { return .invalidContentLength }
                value = value &* 10 &+ d
                i &+= 1
            }
            guard i > digitsStart else { return .invalidContentLength }
            while i < to && RequestBytes.isOWS(p[i]) { i &+= 1 }
            if i < to {
                guard p[i] == RequestBytes.comma, i &+ 1 < to else { return .invalidContentLength }
                i &+= 1
            }
            if r.contentLength >= 0 && r.contentLength != value { return .conflictingContentLength }
            r.contentLength = value
        } while i < to
        return nil
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
                trailerCount: maxCount &- fields.count)
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
        fields.removeAll(keepingCapacity: true)
        if chunked != nil { chunked = nil }
    }

    /// Builds the request and resets for the next one.
    private mutating func finish(_ p: UnsafePointer<UInt8>, consumed: Int, body: [UInt8],
                                 trailers: HTTPHeaders) -> HTTPParseResult {
        let headers = fields.withUnsafeBufferPointer {
            HTTPHeaders(fields: $0, bytes: p + r.fieldsStart, byteCount: r.headEnd &- 2 &- r.fieldsStart, scratch: &scratch)
        }
        let method = HTTPMethod(bytes: p + r.headStart, count: r.methodEnd &- r.headStart)
        let target = RequestBytes.string(p, r.targetStart, r.targetEnd)
        let (path, query) = RequestTarget.strings(p, r.split, target: target, start: r.targetStart, end: r.targetEnd)
        let version = r.version
        let keepAlive = RequestTarget.keepAlive(version: version, close: r.connectionClose, keepAlive: r.connectionKeepAlive)
        let expectsContinue = expectsContinue
        resetForNextRequest()
        let request = HTTPRequest(method: method, target: target, path: path, query: query, version: version,
                                  headers: headers, trailers: trailers, body: body,
                                  keepAlive: keepAlive, expectsContinue: expectsContinue)
        return .complete(consume request, consumed: consumed)
    }
}
