// GitPath: git's C-style quoting of path names in diff headers, read and written.

/// Git writes a path in diff headers inside double quotes, with C escapes and octal bytes, when
/// it holds a `"`, a backslash, a control character or (with the default `core.quotePath`) any
/// byte of 0x80 or above: `"a/sp ace\303\251"` is `a/sp aceé`.
public enum GitPath {
    /// Decodes the quoted name at the start of `text` (whose first character must be `"`).
    ///
    /// Returns the name and what follows the closing quote, or nil when `text` does not start
    /// with a quote or the quote is never closed. Unknown escapes keep the escaped character.
    public static func unquote(_ text: Substring) -> (path: String, rest: Substring)? {
        let utf8 = text.utf8
        guard utf8.first == UInt8(ascii: "\"") else { return nil }
        var bytes: [UInt8] = []
        var index = utf8.index(after: utf8.startIndex)
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") {
                let rest = text[utf8.index(after: index)...]
                return (String(decoding: bytes, as: UTF8.self), rest)
            }
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                index = utf8.index(after: index)
                continue
            }
            index = utf8.index(after: index)
            guard index < utf8.endIndex else { return nil }
            let escaped = utf8[index]
            if let octal = octalValue(utf8, at: index) {
                bytes.append(octal.value)
                index = octal.next
                continue
            }
            bytes.append(unescaped(escaped))
            index = utf8.index(after: index)
        }
        return nil
    }

    /// The path as git writes it: unchanged when nothing needs quoting, else quoted and escaped.
    public static func quoteIfNeeded(_ path: String) -> String {
        guard path.utf8.contains(where: needsEscape) else { return path }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [92, 34]
            case UInt8(ascii: "\\"): out += [92, 92]
            case 0x07: out += [92, UInt8(ascii: "a")]
            case 0x08: out += [92, UInt8(ascii: "b")]
            case 0x09: out += [92, UInt8(ascii: "t")]
            case 0x0A: out += [92, UInt8(ascii: "n")]
            case 0x0B: out += [92, UInt8(ascii: "v")]
            case 0x0C: out += [92, UInt8(ascii: "f")]
            case 0x0D: out += [92, UInt8(ascii: "r")]
            case _ where needsEscape(byte):
                out += [92, 48 + (byte >> 6), 48 + ((byte >> 3) & 7), 48 + (byte & 7)]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// A header path token: quoted when needed, else as is (callers add prefixes first).
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func unescaped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "v"): 0x0B
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "r"): 0x0D
        default: byte
        }
    }

    /// Three octal digits at `index` (git always writes three), as one byte.
    private static func octalValue(_ utf8: Substring.UTF8View, at index: Substring.UTF8View.Index)
        -> (value: UInt8, next: Substring.UTF8View.Index)?
    {
        var value = 0
        var cursor = index
        for _ in 0..<3 {
            guard cursor < utf8.endIndex, case let digit = utf8[cursor], digit >= 48, digit <= 55 else { return nil }
            value = value * 8 + Int(digit - 48)
            cursor = utf8.index(after: cursor)
        }
        guard value <= 0xFF else { return nil }
        return (UInt8(value), cursor)
    }
}
