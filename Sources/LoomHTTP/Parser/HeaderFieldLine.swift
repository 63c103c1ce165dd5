// HeaderFieldLine: validation of one header or trailer field line (RFC 9112 §5).

/// Validates `field-name ":" OWS field-value OWS` lines and reports where the name and the trimmed
/// value lie. Shared by the head scanner and the chunked trailer scanner.
enum HeaderFieldLine {
    /// Checks the line `p[start..<end]` (its CRLF excluded; `end > start`). On success fills `field`
    /// with offsets relative to `base` and returns nil.
    @inline(__always)
    static func scan(_ p: UnsafePointer<UInt8>, start: Int, end: Int, base: Int,
                     into field: inout HTTPHeaders.Field) -> HTTPParseError? {
        let first = p[start]
        if RequestBytes.isOWS(first) { return .obsoleteLineFolding }
        var i = RequestBytes.firstNonToken(p, from: start, to: end)
        guard i < end else { return .missingColon }
        let stop = p[i]
        guard stop == RequestBytes.colon else {
            if RequestBytes.isOWS(stop) { return .whitespaceBeforeColon }
            return stop == RequestBytes.cr ? .bareCR : .invalidHeaderName
        }
        guard i > start else { return .invalidHeaderName }
        let nameEnd = i
        i &+= 1
        while i < end && RequestBytes.isOWS(p[i]) { i &+= 1 }
        let valueStart = i
        // VCHAR, obs-text (0x80–0xFF), SP and HTAB are allowed; other CTLs (CR included) are not.
        let bad = RequestBytes.firstInvalidValueByte(p, from: i, to: end)
        if bad < end { return p[bad] == RequestBytes.cr ? .bareCR : .invalidHeaderValue }
        var valueEnd = end
        while valueEnd > valueStart && RequestBytes.isOWS(p[valueEnd &- 1]) { valueEnd &-= 1 }
        field = HTTPHeaders.Field(nameStart: start &- base, nameEnd: nameEnd &- base,
                                  valueStart: valueStart &- base, valueEnd: valueEnd &- base)
        return nil
    }
}
