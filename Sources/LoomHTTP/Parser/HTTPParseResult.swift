// HTTPParseResult: what one call of the parser produced.

/// The outcome of one `HTTPRequestParser.parse(_:)` call.
public enum HTTPParseResult: Sendable {
    /// One full request; the first `consumed` bytes of the input belong to it.
    case complete(HTTPRequest, consumed: Int)
    /// Returned once per request, when the head is complete and a body is still to come. With
    /// `expectsContinue` the caller should answer "100 Continue" (unless it refuses the request).
    case headComplete(expectsContinue: Bool)
    /// The request is not complete yet; call again when more bytes arrive.
    case needMore
    /// The request is refused; answer `status` and close the connection.
    case invalid(HTTPParseError)
}
