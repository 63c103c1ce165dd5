// RequestTarget: request-target forms, the path/query split and query-string decoding.

/// Helpers for the request-target (RFC 9112 §3.2) shared by the parser and `HTTPRequest`.
enum RequestTarget {
    /// Where the path and query of a target lie. `queryStart` is the byte after '?', or -1.
    struct Split {
        var pathStart: Int
        var pathEnd: Int
        var queryStart: Int
    }

    /// Splits `p[start..<end]`, whose first '?' (if any) is at `question` (-1 if none).
    /// Origin-form and `*` keep the target up to '?' as the path; absolute-form (`scheme://…`)
    /// skips the scheme and authority; anything else (authority-form) is all path.
    static func split(_ p: UnsafePointer<UInt8>, start: Int, end: Int, question: Int) -> Split {
        let pathLimit = question >= 0 ? question : end
        let queryStart = question >= 0 ? question + 1 : -1
        if let authority = authorityStart(p, start: start, end: pathLimit) {
            var i = authority
            while i < pathLimit && p[i] != RequestBytes.slash { i += 1 }
            return Split(pathStart: i, pathEnd: pathLimit, queryStart: queryStart)
        }
        return Split(pathStart: start, pathEnd: pathLimit, queryStart: queryStart)
    }

    /// For an absolute-form target, the index just after "scheme://"; nil otherwise.
    /// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
    static func authorityStart(_ p: UnsafePointer<UInt8>, start: Int, end: Int) -> Int? {
        guard start < end, RequestBytes.lower(p[start]) &- 0x61 < 26 else { return nil }
        var i = start + 1
        while i < end {
            let b = p[i]
            if RequestBytes.lower(b) &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x2B || b == 0x2D || b == 0x2E {
                i += 1
            } else {
                break
            }
        }
        guard end - i >= 3, p[i] == RequestBytes.colon, p[i + 1] == RequestBytes.slash,
              p[i + 2] == RequestBytes.slash else { return nil }
        return i + 3
    }

    /// The path (see `HTTPRequest.path`) and query of `p[start..<end]`.
    static func strings(_ p: UnsafePointer<UInt8>, _ s: Split, target: String, start: Int, end: Int)
        -> (path: String, query: String?) {
        let path: String
        if s.pathStart == start && s.pathEnd == end {
            path = target
        } else if s.pathStart == s.pathEnd {
            path = "/"
        } else {
            path = RequestBytes.string(p, s.pathStart, s.pathEnd)
        }
        let query = s.queryStart >= 0 ? RequestBytes.string(p, s.queryStart, end) : nil
        return (path, query)
    }

    /// `path` and `query` for a target given as a String.
    static func pathAndQuery(of target: String) -> (path: String, query: String?) {
        HTTPHeaders.withBytes(of: target) { t in
            guard let p = t.baseAddress, !t.isEmpty else { return (target, nil) }
            var question = -1
            for i in 0..<t.count where p[i] == RequestBytes.question {
                question = i
                break
            }
            let s = split(p, start: 0, end: t.count, question: question)
            return strings(p, s, target: target, start: 0, end: t.count)
        }
    }

    /// Connection persistence per RFC 9112 §9.3.
    static func keepAlive(version: HTTPVersion, close: Bool, keepAlive: Bool) -> Bool {
        switch version {
        case .http1_1: !close
        case .http1_0: keepAlive && !close
        }
    }

    /// The decoded value of the first parameter of `query` whose decoded name is `name`.
    static func queryParameter(_ name: String, in query: String) -> String? {
        let wanted = Array(name.utf8)
        return HTTPHeaders.withBytes(of: query) { q -> String? in
            guard let p = q.baseAddress else { return nil }
            var i = 0
            let end = q.count
            while i <= end {
                let start = i
                while i < end && p[i] != RequestBytes.ampersand { i += 1 }
                let pairEnd = i
                i += 1
                if pairEnd == start { continue }
                var eq = start
                while eq < pairEnd && p[eq] != RequestBytes.equalsSign { eq += 1 }
                guard decode(p, start, eq) == wanted else { continue }
                let value = eq < pairEnd ? decode(p, eq + 1, pairEnd) : []
                return String(decoding: value, as: UTF8.self)
            }
            return nil
        }
    }

    /// Percent- and '+'-decoding of `p[from..<to]`; a '%' not followed by two hex digits stays as is.
    static func decode(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var i = from
        while i < to {
            let b = p[i]
            if b == RequestBytes.plus {
                out.append(RequestBytes.sp)
            } else if b == RequestBytes.percent, to - i >= 3,
                      let hi = RequestBytes.hexValue(p[i + 1]), let lo = RequestBytes.hexValue(p[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
