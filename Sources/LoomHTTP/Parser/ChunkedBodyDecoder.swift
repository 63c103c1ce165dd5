// ChunkedBodyDecoder: incremental decoding of a chunked body and its trailer section (RFC 9112 §7.1).

/// Decodes `chunk-size [; ext] CRLF data CRLF … 0 [; ext] CRLF trailer-fields CRLF` from an input
/// that grows between calls. Positions are offsets into that input (which starts at the request).
/// Chunk data is copied into `body` once, as it arrives; trailer lines are located and validated
/// here and copied at the end.
struct ChunkedBodyDecoder: Sendable {
    enum Step {
        case needMore
        /// The body and trailers end just before `end`.
        case done(end: Int)
        case failed(HTTPParseError)
    }

    private enum Phase {
        case size, sizeWhitespace, extensions, sizeLF, data, dataCR, dataLF, trailers
    }

    static let maxSizeDigits = 16
    /// Bytes between the chunk size and its CR (BWS, ';' and the extensions).
    static let maxExtensionBytes = 1024

    /// The decoded body so far.
    private(set) var body: [UInt8] = []
    private var phase = Phase.size
    private var position: Int
    private var size: UInt64 = 0
    private var digits = 0
    private var extensionBytes = 0
    private var remaining = 0
    private let maxBody: Int
    // Trailer section.
    private var trailerStart = 0
    private var lineStart = 0
    private var searchFrom = 0
    private var trailerFields: [HTTPHeaders.Field] = []
    private var trailerLines = 0
    private var trailerEnd = 0
    private let trailerByteBudget: Int
    private let trailerCountBudget: Int

    /// - Parameters:
    ///   - start: offset of the first chunk-size byte (just after the head).
    ///   - trailerBytes: bytes the trailer section may use, its final CRLF included.
    ///   - trailerCount: trailer fields allowed.
    init(start: Int, maxBody: Int, trailerBytes: Int, trailerCount: Int) {
        position = start
        self.maxBody = maxBody
        trailerByteBudget = max(trailerBytes, 0)
        trailerCountBudget = max(trailerCount, 0)
    }

    /// Decodes what `p[position..<n]` holds.
    mutating func decode(_ p: UnsafePointer<UInt8>, _ n: Int) -> Step {
        var i = position
        defer { position = i }
        while i < n {
            switch phase {
            case .size:
                let b = p[i]
                if let d = RequestBytes.hexValue(b) {
                    guard digits < Self.maxSizeDigits else { return .failed(.invalidChunkSize) }
                    size = size << 4 | UInt64(d)
                    digits &+= 1
                    i &+= 1
                    continue
                }
                guard digits > 0 else { return .failed(.invalidChunkSize) }
                switch b {
                case RequestBytes.semicolon: phase = .extensions
                case RequestBytes.sp, RequestBytes.htab: phase = .sizeWhitespace
                case RequestBytes.cr: phase = .sizeLF
                default: return .failed(.invalidChunkSize)
                }
                // The size is complete: refuse as soon as it would take the body over the limit.
                if size > UInt64(max(maxBody &- body.count, 0)) { return .failed(.bodyTooLarge) }
                extensionBytes = 1  // everything between the size and CR counts, this byte included
                i &+= 1
            case .sizeWhitespace:
                // BWS is allowed only before a chunk extension.
                let b = p[i]
                if b == RequestBytes.semicolon {
                    phase = .extensions
                } else if !RequestBytes.isOWS(b) {
                    return .failed(.invalidChunkSize)
                }
                if let e = countExtensionByte() { return .failed(e) }
                i &+= 1
            case .extensions:
                // Extensions are ignored; only their bytes are checked and bounded.
                let b = p[i]
                if b == RequestBytes.cr {
                    phase = .sizeLF
                } else if b == RequestBytes.lf {
                    return .failed(.bareLF)
                } else if (b < RequestBytes.sp && b != RequestBytes.htab) || b == 0x7F {
                    return .failed(.invalidChunkExtension)
                } else if let e = countExtensionByte() {
                    return .failed(e)
                }
                i &+= 1
            case .sizeLF:
                guard p[i] == RequestBytes.lf else { return .failed(.bareCR) }
                i &+= 1
                if size == 0 {
                    phase = .trailers
                    trailerStart = i
                    lineStart = i
                    searchFrom = i
                } else {
                    phase = .data
                    remaining = Int(size)  // ≤ maxBody, checked above
                    size = 0
                    digits = 0
                }
            case .data:
                let k = min(remaining, n &- i)
                body.append(contentsOf: UnsafeBufferPointer(start: p + i, count: k))
                i &+= k
                remaining &-= k
                if remaining == 0 { phase = .dataCR }
            case .dataCR:
                guard p[i] == RequestBytes.cr else { return .failed(.invalidChunkData) }
                phase = .dataLF
                i &+= 1
            case .dataLF:
                guard p[i] == RequestBytes.lf else { return .failed(.invalidChunkData) }
                phase = .size
                i &+= 1
            case .trailers:
                let step = scanTrailers(p, n)
                i = lineStart
                return step
            }
        }
        return .needMore
    }

    private mutating func countExtensionByte() -> HTTPParseError? {
        extensionBytes &+= 1
        return extensionBytes > Self.maxExtensionBytes ? .chunkExtensionTooLong : nil
    }

    /// Scans complete trailer lines; stops at the empty line that ends the body.
    private mutating func scanTrailers(_ p: UnsafePointer<UInt8>, _ n: Int) -> Step {
        let windowEnd = trailerStart &+ trailerByteBudget
        while true {
            guard let lf = RequestBytes.firstLF(p, from: searchFrom, to: min(n, windowEnd)) else {
                if n >= windowEnd { return .failed(.headerTooLarge) }
                searchFrom = n
                return .needMore
            }
            let start = lineStart
            searchFrom = lf &+ 1
            lineStart = lf &+ 1
            guard lf > start, p[lf &- 1] == RequestBytes.cr else { return .failed(.bareLF) }
            let end = lf &- 1
            if end == start {
                trailerEnd = start
                return .done(end: lf &+ 1)
            }
            trailerLines &+= 1
            if trailerLines > trailerCountBudget { return .failed(.tooManyHeaders) }
            var field = HTTPHeaders.Field(nameStart: 0, nameEnd: 0, valueStart: 0, valueEnd: 0)
            if let e = HeaderFieldLine.scan(p, start: start, end: end, base: trailerStart, into: &field) {
                return .failed(e)
            }
            // Framing and routing fields are not allowed in trailers (RFC 9110 §6.5.1): drop them.
            let name = p + start
            let length = field.nameEnd &- field.nameStart
            if RequestBytes.validatedEqualsLowercased(name, length, "content-length")
                || RequestBytes.validatedEqualsLowercased(name, length, "transfer-encoding")
                || RequestBytes.validatedEqualsLowercased(name, length, "host") {
                continue
            }
            trailerFields.append(field)
        }
    }

    /// The trailer fields, copied out of the input once the body is done.
    func trailers(_ p: UnsafePointer<UInt8>) -> HTTPHeaders {
        guard !trailerFields.isEmpty else { return HTTPHeaders() }
        var scratch: [UInt8] = []
        return trailerFields.withUnsafeBufferPointer {
            HTTPHeaders(fields: $0, bytes: p + trailerStart, byteCount: trailerEnd &- trailerStart, scratch: &scratch)
        }
    }
}
