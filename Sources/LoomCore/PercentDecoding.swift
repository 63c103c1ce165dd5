// PercentDecoding: decodes %XX escapes in URL path segments and user info.

/// Percent-decoding for path segments and user info (`+` stays a plus there, unlike in queries).
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
            guard let high = iterator.next().flatMap(Hex.digitValue),
                  let low = iterator.next().flatMap(Hex.digitValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
