// ResponseSerializer: writes a response's status line and headers as HTTP/1.1 bytes.

/// Serializes responses. The server owns the framing headers (`Content-Length`, `Connection`,
/// `Date`); handler headers with those names are dropped so a handler cannot break framing.
enum ResponseSerializer {
    private static let framingHeaders: Set<String> = ["content-length", "connection", "date", "transfer-encoding"]

    /// Appends the head for `response` (and its body unless `omitBody` or the body is large)
    /// to `output`.
    static func write(_ response: HTTPResponse, close: Bool, http10KeepAlive: Bool, omitBody: Bool,
                      date: [UInt8], into output: inout OutputQueue) {
        let inlineBody = !omitBody && response.body.count < OutputQueue.separateChunkThreshold
        output.withWritableTail { bytes in
            appendStatusLine(response.status, to: &bytes)
            appendHeader("Content-Length", String(response.body.count), to: &bytes)
            bytes.append(contentsOf: date)
            if close {
                appendHeader("Connection", "close", to: &bytes)
            } else if http10KeepAlive {
                appendHeader("Connection", "keep-alive", to: &bytes)
            }
            for (name, value) in response.headers where !isFramingHeader(name) {
                appendHeader(name, sanitized(value), to: &bytes)
            }
            bytes.append(13)
            bytes.append(10)
            if inlineBody { bytes.append(contentsOf: response.body) }
        }
        if !omitBody && !inlineBody { output.append(sharing: response.body) }
    }

    /// `HTTP/1.1 100 Continue` plus the blank line.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func appendStatusLine(_ status: HTTPStatus, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "HTTP/1.1 ".utf8)
        bytes.append(contentsOf: String(status.code).utf8)
        bytes.append(32)
        bytes.append(contentsOf: status.reason.utf8)
        bytes.append(13)
        bytes.append(10)
    }

    private static func appendHeader(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: ": ".utf8)
        bytes.append(contentsOf: value.utf8)
        bytes.append(13)
        bytes.append(10)
    }

    private static func isFramingHeader(_ name: String) -> Bool {
        name.utf8.count <= 17 && framingHeaders.contains(name.lowercased())
    }

    /// Header values never carry CR or LF: a value built from input must not split the response.
    private static func sanitized(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return value }
        return String(decoding: value.utf8.map { $0 == 13 || $0 == 10 ? 32 : $0 }, as: UTF8.self)
    }
}
