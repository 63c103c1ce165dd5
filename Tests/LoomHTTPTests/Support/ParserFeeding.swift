// ParserFeeding: feeds bytes to HTTPRequestParser whole, byte by byte and in odd pieces, and checks all agree.

import LoomHTTP
import Testing

/// A comparable copy of everything a parsed request carries.
struct ParsedRequestSnapshot: Equatable, CustomStringConvertible {
    struct Field: Equatable {
        var name: String
        var value: String
    }

    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: [Field]
    var trailers: [Field]
    var body: [UInt8]
    var keepAlive: Bool
    var expectsContinue: Bool
    var consumed: Int

    init(_ r: HTTPRequest, consumed: Int) {
        method = r.method.rawValue
        target = r.target
        path = r.path
        query = r.query
        version = r.version
        headers = r.headers.map { Field(name: $0.name, value: $0.value) }
        trailers = r.trailers.map { Field(name: $0.name, value: $0.value) }
        body = r.body
        keepAlive = r.keepAlive
        expectsContinue = r.expectsContinue
        self.consumed = consumed
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var description: String {
        "\(method) \(target) \(version) headers=\(headers.map { "\($0.name): \($0.value)" }) body=\(body.count)B consumed=\(consumed)"
    }
}

/// How feeding ended.
enum ParserFeedEnd: Equatable {
    /// All bytes were offered; `leftover` unconsumed bytes remain (an incomplete request).
    case needMore(leftover: Int, midRequest: Bool)
    case invalid(HTTPParseError)
}

/// What one way of feeding produced.
struct ParserFeedOutcome: Equatable {
    var requests: [ParsedRequestSnapshot] = []
    var end: ParserFeedEnd = .needMore(leftover: 0, midRequest: false)
    /// `expectsContinue` of each `.headComplete`, in order.
    var headCompletes: [Bool] = []
    /// Bad parser behaviour seen while feeding (checked by `feedAllWays`).
    var violations: [String] = []

    var error: HTTPParseError? {
        if case .invalid(let e) = end { return e }
        return nil
    }
}

/// The outcomes of feeding the same bytes whole and byte by byte (odd piece sizes are checked too).
struct ParserFed {
    var whole: ParserFeedOutcome
    var bytewise: ParserFeedOutcome

    var requests: [ParsedRequestSnapshot] { whole.requests }
    var error: HTTPParseError? { whole.error }
    var end: ParserFeedEnd { whole.end }
    var request: ParsedRequestSnapshot? { whole.requests.count == 1 ? whole.requests[0] : nil }
}

enum ParserFeeding {
    /// Feeds `bytes` in pieces whose sizes `nextPiece` picks, exactly like a connection: after each
    /// read the buffer holds all unconsumed bytes; requests are dropped from it on `.complete`.
    static func feed(_ bytes: [UInt8], limits: HTTPParserLimits, nextPiece: (Int) -> Int) -> ParserFeedOutcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParserFeedOutcome()
        var buffer: [UInt8] = []
        var offered = 0
        repeat {
            let size = max(1, min(nextPiece(offered), bytes.count - offered))
            if offered < bytes.count {
                buffer.append(contentsOf: bytes[offered..<(offered + size)])
                offered += size
            }
            var lastWasHeadComplete = false
            reading: while true {
                let result = buffer.withUnsafeBytes { parser.parse($0) }
                switch result {
                case .complete(let request, let consumed):
                    if consumed <= 0 || consumed > buffer.count {
                        outcome.violations.append("consumed \(consumed) of \(buffer.count)")
                        return outcome
                    }
                    if parser.isMidRequest || parser.isReadingBody {
                        outcome.violations.append("parser not reset after .complete")
                    }
                    outcome.requests.append(ParsedRequestSnapshot(request, consumed: consumed))
                    buffer.removeFirst(consumed)
                    lastWasHeadComplete = false
                case .headComplete(let expectsContinue):
                    if lastWasHeadComplete {
                        outcome.violations.append(".headComplete twice in a row")
                        return outcome
                    }
                    if !parser.isReadingBody { outcome.violations.append("isReadingBody false after .headComplete") }
                    outcome.headCompletes.append(expectsContinue)
                    lastWasHeadComplete = true
                case .needMore:
                    if !buffer.isEmpty && !parser.isMidRequest {
                        outcome.violations.append("needMore with \(buffer.count) bytes but not mid-request")
                    }
                    break reading
                case .invalid(let error):
                    outcome.end = .invalid(error)
                    // The error sticks.
                    if case .invalid(let again) = buffer.withUnsafeBytes({ parser.parse($0) }), again == error {
                    } else {
                        outcome.violations.append("error did not stick")
                    }
                    return outcome
                }
            }
        } while offered < bytes.count
        outcome.end = .needMore(leftover: buffer.count, midRequest: parser.isMidRequest)
        return outcome
    }

    static func whole(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserFeedOutcome {
        feed(bytes, limits: limits) { _ in bytes.count }
    }

    static func byteByByte(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserFeedOutcome {
        feed(bytes, limits: limits) { _ in 1 }
    }

    /// Feeds whole, byte by byte and in pieces of a few odd sizes, and expects identical requests and
    /// identical endings (`.headComplete` may differ: it is only due when the body is not there yet).
    @discardableResult
    static func feedAllWays(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
                            sourceLocation: SourceLocation = #_sourceLocation) -> ParserFed {
        let whole = whole(bytes, limits: limits)
        let bytewise = byteByByte(bytes, limits: limits)
        #expect(whole.violations.isEmpty, "whole: \(whole.violations)", sourceLocation: sourceLocation)
        #expect(bytewise.violations.isEmpty, "byte by byte: \(bytewise.violations)", sourceLocation: sourceLocation)
        #expect(whole.requests == bytewise.requests, "whole vs byte by byte requests", sourceLocation: sourceLocation)
        #expect(whole.end == bytewise.end, "whole vs byte by byte ending", sourceLocation: sourceLocation)
        for pieces in [[2], [3, 5], [7, 1, 13]] {
            let odd = feed(bytes, limits: limits) { offered in pieces[offered % pieces.count] }
            #expect(odd.violations.isEmpty, "pieces \(pieces): \(odd.violations)", sourceLocation: sourceLocation)
            #expect(odd.requests == whole.requests && odd.end == whole.end,
                    "pieces \(pieces) disagree with whole", sourceLocation: sourceLocation)
        }
        return ParserFed(whole: whole, bytewise: bytewise)
    }

    @discardableResult
    static func feedAllWays(_ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
                            sourceLocation: SourceLocation = #_sourceLocation) -> ParserFed {
        feedAllWays(Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
    }

    /// Feeds all ways and expects `.invalid` with `status` (and `code` if given).
    static func expectInvalid(_ bytes: [UInt8], status: Int, code: String? = nil,
                              limits: HTTPParserLimits = HTTPParserLimits(),
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let fed = feedAllWays(bytes, limits: limits, sourceLocation: sourceLocation)
        #expect(fed.error?.status == status, "got \(fed.end)", sourceLocation: sourceLocation)
        if let code { #expect(fed.error?.code == code, "got \(fed.end)", sourceLocation: sourceLocation) }
    }

    static func expectInvalid(_ text: String, status: Int, code: String? = nil,
                              limits: HTTPParserLimits = HTTPParserLimits(),
                              sourceLocation: SourceLocation = #_sourceLocation) {
        expectInvalid(Array(text.utf8), status: status, code: code, limits: limits, sourceLocation: sourceLocation)
    }
}
