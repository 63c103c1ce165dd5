// ResponseScanner: finds where one HTTP response ends in a client's input (status + Content-Length).

/// Minimal response framing for the load generator: Loom always answers with `Content-Length`.
struct ResponseScanner {
    struct Response {
        let status: Int
        let length: Int
    }

    /// The first complete response in `bytes`, or nil when more bytes are needed.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> Response? {
        guard bytes.count >= 16 else { return nil }
        var headEnd = -1
        var index = 3
        while index < bytes.count {
            if bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                headEnd = index + 1
                break
            }
            index += 1
        }
        guard headEnd > 0 else { return nil }
        let status = (Int(bytes[9]) - 48) * 100 + (Int(bytes[10]) - 48) * 10 + (Int(bytes[11]) - 48)
        let contentLength = Self.contentLength(UnsafeRawBufferPointer(rebasing: bytes[0..<headEnd])) ?? 0
        guard bytes.count >= headEnd + contentLength else { return nil }
        return Response(status: status, length: headEnd + contentLength)
    }

    private static func contentLength(_ head: UnsafeRawBufferPointer) -> Int? {
        let needle = Array("\ncontent-length:".utf8)
        var index = 0
        outer: while index + needle.count < head.count {
            for offset in 0..<needle.count {
                var byte = head[index + offset]
                if byte >= 65 && byte <= 90 { byte += 32 }
                if byte != needle[offset] {
                    index += 1
                    continue outer
                }
            }
            var position = index + needle.count
            while position < head.count && head[position] == 32 { position += 1 }
            var value = 0
            while position < head.count, head[position] >= 48, head[position] <= 57 {
                value = value * 10 + Int(head[position] - 48)
                position += 1
            }
            return value
        }
        return nil
    }
}
