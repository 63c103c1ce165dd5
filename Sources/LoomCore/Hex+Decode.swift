// Hex+Decode: parsing hexadecimal text (either case) back into bytes, and single hex digits.

extension Hex {
    /// The bytes of `text`, accepting upper- and lower-case digits; nil when the text has an odd
    /// length or a character that is not a hex digit.
    ///
    /// Webhook senders disagree on case, so signatures are decoded and compared as bytes rather
    /// than as text. Inlinable so each caller gets a loop specialized to its collection type.
    @inlinable
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(text.count / 2)
        var high: UInt8 = 0
        var isHigh = true
        for character in text {
            guard let nibble = digitValue(character) else { return nil }
            if isHigh {
                high = nibble << 4
            } else {
                output.append(high | nibble)
            }
            isHigh.toggle()
        }
        return output
    }

    /// The bytes of the hex string `text` (either case); nil when it is not hex.
    @inlinable
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(text.utf8)
    }

    /// The value (0–15) of one hex digit of either case, or nil for any other byte.
    @inlinable
    public static func digitValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
