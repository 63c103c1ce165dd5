// HTTPParseError: why a request was refused, with the status to answer and a machine code.

/// Why the parser refused a request. After one, the connection answers `status` and closes.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer: 400, 413, 414, 431, 501 or 505.
    public var status: Int
    /// A short machine code, e.g. "malformed_request_line" or "conflicting_content_length".
    public var code: String
    /// One human sentence.
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status) \(code): \(message)" }
}

extension HTTPParseError {
    static func malformedRequestLine(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, code: "malformed_request_line", message: message)
    }

    static func invalidTarget(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, code: "invalid_target", message: message)
    }

    static let unsupportedVersion = HTTPParseError(
        status: 505, code: "unsupported_version", message: "Only HTTP/1.1 and HTTP/1.0 are supported.")
    static let uriTooLong = HTTPParseError(
        status: 414, code: "uri_too_long", message: "The request line is longer than the server accepts.")
    static let headerTooLarge = HTTPParseError(
        status: 431, code: "header_too_large", message: "The request header section is larger than the server accepts.")
    static let tooManyHeaders = HTTPParseError(
        status: 431, code: "too_many_headers", message: "The request has more header fields than the server accepts.")
    static let bareLF = HTTPParseError(
        status: 400, code: "bare_lf", message: "A line ends in LF without CR; lines must end in CRLF.")
    static let bareCR = HTTPParseError(
        status: 400, code: "bare_cr", message: "A CR is not followed by LF; lines must end in CRLF.")
    static let tooManyEmptyLines = HTTPParseError(
        status: 400, code: "malformed_request_line", message: "More than two empty lines precede the request line.")
    static let obsoleteLineFolding = HTTPParseError(
        status: 400, code: "obsolete_line_folding", message: "Header lines must not start with whitespace (obsolete line folding).")
    static let whitespaceBeforeColon = HTTPParseError(
        status: 400, code: "whitespace_before_colon", message: "A header field name is followed by whitespace before the colon.")
    static let invalidHeaderName = HTTPParseError(
        status: 400, code: "invalid_header_name", message: "A header field name is empty or contains a character that is not allowed.")
    static let missingColon = HTTPParseError(
        status: 400, code: "invalid_header", message: "A header line has no colon.")
    static let invalidHeaderValue = HTTPParseError(
        status: 400, code: "invalid_header_value", message: "A header field value contains a control character.")
    static let missingHost = HTTPParseError(
        status: 400, code: "missing_host", message: "HTTP/1.1 requests must have a Host header field.")
    static let duplicateHost = HTTPParseError(
        status: 400, code: "duplicate_host", message: "The request has more than one Host header field.")
    static let invalidContentLength = HTTPParseError(
        status: 400, code: "invalid_content_length", message: "Content-Length must be a non-negative decimal number.")
    static let conflictingContentLength = HTTPParseError(
        status: 400, code: "conflicting_content_length", message: "The request has differing Content-Length values.")
    static let transferEncodingWithContentLength = HTTPParseError(
        status: 400, code: "transfer_encoding_with_content_length",
        message: "The request has both Transfer-Encoding and Content-Length.")
    static let transferEncodingOnHTTP10 = HTTPParseError(
        status: 400, code: "transfer_encoding_http10", message: "Transfer-Encoding is not allowed on an HTTP/1.0 request.")
    static let unsupportedTransferEncoding = HTTPParseError(
        status: 501, code: "unsupported_transfer_encoding", message: "Only \"Transfer-Encoding: chunked\" is supported.")
    static let bodyTooLarge = HTTPParseError(
        status: 413, code: "body_too_large", message: "The request body is larger than the server accepts.")
    static let invalidChunkSize = HTTPParseError(
        status: 400, code: "invalid_chunk_size", message: "A chunk size is not 1 to 16 hexadecimal digits.")
    static let invalidChunkExtension = HTTPParseError(
        status: 400, code: "invalid_chunk_extension", message: "A chunk extension contains a control character.")
    static let chunkExtensionTooLong = HTTPParseError(
        status: 400, code: "chunk_extension_too_long", message: "A chunk extension is longer than 1 KiB.")
    static let invalidChunkData = HTTPParseError(
        status: 400, code: "invalid_chunk_data", message: "Chunk data is not followed by CRLF.")
}
