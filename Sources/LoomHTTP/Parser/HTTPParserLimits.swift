// HTTPParserLimits: the sizes the parser accepts before refusing a request.

/// Bounds on what one request may use, so a client cannot make the server buffer without bound.
public struct HTTPParserLimits: Sendable {
    /// Request line + header fields + the blank line. Over → 431 (a request line alone over
    /// `maxRequestLineBytes` → 414). Trailers of a chunked body share this budget.
    public var maxHeaderBytes: Int
    /// Header fields (plus trailer fields). Over → 431.
    public var maxHeaderCount: Int
    /// Declared Content-Length, or decoded chunked body. Over → 413.
    public var maxBodyBytes: Int
    /// The request line without its CRLF. Over → 414.
    public var maxRequestLineBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 26_214_400,
                maxRequestLineBytes: Int = 8 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxRequestLineBytes = maxRequestLineBytes
    }
}
