// PercentDecoding: decodes %XX escapes in path segments.

/// Percent-decoding for path segments (`+` stays a plus in paths, unlike in queries).
public enum PercentDecoding {
    /// The decoded text, or nil for a malformed escape or invalid UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(RequestBytes.hexValue),
                  let low = iterator.next().flatMap(RequestBytes.hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
