// DotEnvFile: parses the .env file format (KEY=value lines, quotes, comments) without variable expansion.

/// The variables of a `.env` file.
///
/// Accepted, line by line: blank lines and `#` comments; `KEY=value` with an optional `export `
/// prefix; unquoted values (trimmed, a ` #` starts a comment); double-quoted values with the
/// escapes `\n`, `\t`, `\r`, `\"`, `\\`, `\$` (other backslashes are kept as written); single-quoted
/// values taken literally. Quoted values may span lines, for PEM keys and the like. There is no
/// `$VAR` expansion: a secret containing `$` must arrive exactly as written.
public struct DotEnvFile: Equatable, Sendable {
    /// One assignment, in file order.
    public struct Entry: Equatable, Sendable {
        public let key: String
        public let value: String
        /// The 1-based line the assignment starts on.
        public let line: Int
    }

    /// Every assignment in file order, repeats included.
    public let entries: [Entry]

    /// The variables; when a key repeats, the last assignment wins (as a shell sourcing it would).
    public var values: [String: String] {
        var values: [String: String] = [:]
        for entry in entries { values[entry.key] = entry.value }
        return values
    }

    /// Parses `text`; `fileName` is used only in error messages.
    public init(parsing text: String, fileName: String = ".env") throws(DotEnvError) {
        var parser = Parser(text: text, fileName: fileName)
        entries = try parser.parse()
    }
}

/// A cursor over the file's bytes that tracks line numbers for error messages.
private struct Parser {
    let bytes: [UInt8]
    let fileName: String
    var index = 0
    var line = 1

    init(text: String, fileName: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a BOM from Windows editors
        // CRLF files behave like LF files; a lone CR inside a value is kept.
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() where !(byte == 0x0D && offset + 1 < bytes.count && bytes[offset + 1] == 0x0A) {
            normalized.append(byte)
        }
        self.bytes = normalized
        self.fileName = fileName
    }

    private var atLineEnd: Bool { index == bytes.count || bytes[index] == 0x0A }

    private func error(_ reason: String, line: Int? = nil) -> DotEnvError {
        DotEnvError(fileName: fileName, line: line ?? self.line, reason: reason)
    }

    private mutating func skipBlanks() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    /// Consumes the rest of the line and its newline.
    private mutating func finishLine() {
        while !atLineEnd { index += 1 }
        if index < bytes.count {
            index += 1
            line += 1
        }
    }

    /// Reads up to whitespace, `=` or the end of the line.
    private mutating func word() -> String {
        let start = index
        while !atLineEnd, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != UInt8(ascii: "=") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func parse() throws(DotEnvError) -> [DotEnvFile.Entry] {
        var entries: [DotEnvFile.Entry] = []
        while index < bytes.count {
            skipBlanks()
            if atLineEnd || bytes[index] == UInt8(ascii: "#") {
                finishLine()
                continue
            }
            let startLine = line
            var key = word()
            if key == "export", index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 {
                skipBlanks()
                key = word()
            }
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw error("expected KEY=value") }
            guard Self.isValidName(key) else {
                throw error(key.isEmpty ? "expected KEY=value" : "invalid variable name \"\(key)\"")
            }
            index += 1
            skipBlanks()
            let value: String
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                value = try quoted(closing: UInt8(ascii: "\""), escapes: true, startLine: startLine)
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "'") {
                value = try quoted(closing: UInt8(ascii: "'"), escapes: false, startLine: startLine)
            } else {
                value = unquoted()
            }
            entries.append(DotEnvFile.Entry(key: key, value: value, line: startLine))
            finishLine()
        }
        return entries
    }

    /// The rest of the line, with a comment (a `#` after whitespace) and surrounding blanks removed.
    private mutating func unquoted() -> String {
        let start = index
        var end = index
        while !atLineEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#"), index > 0, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { break }
            index += 1
            if byte != 0x20, byte != 0x09 { end = index }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// A quoted value, starting at its opening quote; only a comment may follow the closing one.
    private mutating func quoted(closing: UInt8, escapes: Bool, startLine: Int) throws(DotEnvError) -> String {
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < bytes.count else {
                let kind = escapes ? "double" : "single"
                throw error("unterminated \(kind)-quoted value", line: startLine)
            }
            let byte = bytes[index]
            index += 1
            if byte == closing { break }
            if byte == 0x0A { line += 1 }
            if escapes, byte == UInt8(ascii: "\\"), index < bytes.count {
                let next = bytes[index]
                index += 1
                switch next {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): value.append(next)
                default:
                    if next == 0x0A { line += 1 }
                    value.append(byte)
                    value.append(next)
                }
                continue
            }
            value.append(byte)
        }
        skipBlanks()
        if !atLineEnd && bytes[index] != UInt8(ascii: "#") {
            throw error("unexpected text after the closing quote")
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, the names a shell accepts.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
