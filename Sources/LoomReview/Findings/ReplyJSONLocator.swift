// ReplyJSONLocator: finds the JSON value in a model's reply — bare, in a Markdown fence, or amid prose.

internal import LoomCore

/// Models wrap their JSON in many ways. Candidates are tried in this order, and the first that
/// parses and that `relevance` rates above zero wins:
/// 1. the whole reply, trimmed;
/// 2. the body of each Markdown code fence (```` ```json ```` or plain ```` ``` ````), in order;
/// 3. each balanced `[…]` or `{…}` span, scanned from the left (string-aware, so brackets inside
///    strings do not count), at most `maxSpans` of them. Prose holds stray brackets (`[1, 2]`,
///    `x = []`), so here the first span rated `2` (it holds findings) wins, and one rated `1`
///    (say an empty list) only when nothing better follows.
/// Each candidate is also tried once with trailing commas (`[1, 2,]`) removed, a common slip.
enum ReplyJSONLocator {
    static let maxSpans = 64

    static func locate(_ reply: String, relevance: (JSONValue) -> Int) -> JSONValue? {
        let bytes = Array(reply.utf8)
        let accept = { (value: JSONValue) in relevance(value) > 0 }
        if let value = parse(trim(bytes[...]), accept: accept) { return value }
        for fence in fences(bytes) {
            if let value = parse(trim(fence), accept: accept) { return value }
        }
        var fallback: JSONValue?
        var tried = 0
        var index = 0
        while index < bytes.count, tried < maxSpans {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            tried += 1
            if let end = matchingClose(bytes, from: index),
               let value = parse(bytes[index...end], accept: accept) {
                if relevance(value) >= 2 { return value }
                fallback = fallback ?? value
            }
            index += 1
        }
        return fallback
    }

    private static func parse(_ slice: ArraySlice<UInt8>, accept: (JSONValue) -> Bool) -> JSONValue? {
        guard let first = slice.first, first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else { return nil }
        if let document = try? JSONDocument(bytes: Array(slice)), accept(document.root) { return document.root }
        let repaired = removingTrailingCommas(slice)
        guard repaired.count != slice.count, let document = try? JSONDocument(bytes: repaired),
              accept(document.root) else { return nil }
        return document.root
    }

    /// Bodies of Markdown code fences: from the line after an opening ```` ``` ```` (any info
    /// string) to the next line starting with ```` ``` ````, or the end of the reply.
    static func fences(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let lines = bytes.indices.filter { $0 == 0 || bytes[$0 - 1] == 0x0A }
        func isFence(_ start: Int) -> Bool {
            var index = start
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            return bytes[index...].starts(with: Array("```".utf8))
        }
        var result: [ArraySlice<UInt8>] = []
        var open: Int?
        for start in lines where isFence(start) {
            if let body = open {
                result.append(bytes[body..<start])
                open = nil
            } else {
                open = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            }
        }
        if let body = open, body < bytes.count { result.append(bytes[body...]) }
        return result
    }

    /// Index of the bracket closing the one at `start`, skipping strings; nil when unbalanced.
    static func matchingClose(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// The JSON text with each `,` that is followed only by white space and `]` or `}` removed.
    static func removingTrailingCommas(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var inString = false
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            if inString {
                if byte == UInt8(ascii: "\\"), index + 1 < slice.endIndex {
                    out.append(byte)
                    index += 1
                    out.append(slice[index])
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                var next = index + 1
                while next < slice.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(slice[next]) { next += 1 }
                if next < slice.endIndex, slice[next] == UInt8(ascii: "]") || slice[next] == UInt8(ascii: "}") {
                    index += 1
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    private static func trim(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = slice.firstIndex(where: { !isSpace($0) }),
              let last = slice.lastIndex(where: { !isSpace($0) }) else { return slice[slice.startIndex..<slice.startIndex] }
        return slice[first...last]
    }
}
