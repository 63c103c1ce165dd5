// ResponseHeaderLine: classifies one raw header line as curl hands it over (status, field, fold, end).

/// One line from curl's header callback, which delivers every line of every response in a
/// transfer — interim `100 Continue`s included — each with its CRLF.
enum ResponseHeaderLine: Equatable {
    /// `HTTP/1.1 200 OK`, `HTTP/2 302`: a new response begins.
    case status
    /// `Name: value`, with surrounding whitespace removed from the value.
    case field(name: String, value: String)
    /// A line starting with whitespace: obsolete folding of the previous value.
    case continuation(String)
    /// The empty line after the fields.
    case end
    /// Anything else (a line without a colon); dropped rather than failing the transfer.
    case ignored

    static func parse(_ bytes: UnsafeRawBufferPointer) -> ResponseHeaderLine {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\r") || bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        guard end > 0 else { return .end }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        if line.starts(with: "HTTP/".utf8) { return .status }
        if isSpace(line[0]) { return .continuation(trimmed(line[...])) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return .ignored }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        return .field(name: name, value: trimmed(line[(colon + 1)...]))
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func trimmed(_ slice: Slice<UnsafeRawBufferPointer>) -> String {
        var lower = slice.startIndex
        var upper = slice.endIndex
        while lower < upper, isSpace(slice[lower]) { lower += 1 }
        while upper > lower, isSpace(slice[upper - 1]) { upper -= 1 }
        return String(decoding: slice[lower..<upper], as: UTF8.self)
    }
}
