// HTTPRequestParser+Head: scanning the request line and header fields, and what they mean for framing.

extension HTTPRequestParser {
    /// Scans complete head lines. Returns an error, or nil with `r.headEnd > 0` once the blank line
    /// is seen (nil with `r.headEnd == 0`: need more).
    mutating func scanHead(_ p: UnsafePointer<UInt8>, _ n: Int) -> HTTPParseError? {
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
            if r.fieldCount >= maxCount { return .tooManyHeaders }
            var field = HTTPHeaders.Field(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0)
            if let error = HeaderFieldLine.scan(p, start: start, end: end, base: r.fieldsStart, into: &field) {
                return error
            }
            if let error = noteField(p, field) { return error }
            if r.fieldCount < fields.count {
                fields[r.fieldCount] = field
            } else {
                if fields.capacity == 0 { fields.reserveCapacity(32) }
                fields.append(field)
            }
            r.fieldCount &+= 1
        }
    }

    /// `method SP request-target SP HTTP-version`, exactly one SP between parts.
    private mutating func scanRequestLine(_ p: UnsafePointer<UInt8>, start: Int, end: Int) -> HTTPParseError? {
        var i = RequestBytes.firstNonToken(p, from: start, to: end)
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
}
