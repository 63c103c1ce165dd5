// RandomID: UUIDv4 job ids and other random identifiers from OpenSSL's CSPRNG.

internal import LoomCore
internal import COpenSSL

/// Random identifiers. OpenSSL's DRBG runs in user space, so an id costs no system call.
public enum RandomID {
    /// Random bytes from OpenSSL's CSPRNG.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let status = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        if status != 1 {
            // OpenSSL could not seed itself; the system generator never fails.
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        return bytes
    }

    /// A random (version 4) UUID in its canonical lowercase form, e.g. `3f2b…-4…-a…`.
    public static func uuid() -> String {
        var raw = bytes(16)
        raw[6] = raw[6] & 0x0F | 0x40
        raw[8] = raw[8] & 0x3F | 0x80
        return format(raw)
    }

    /// A time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix milliseconds, then randomness.
    /// Ids made later sort later, so database indexes on them grow at one end instead of taking
    /// inserts all over the tree.
    public static func uuidV7(unixMilliseconds: Int64) -> String {
        var raw = bytes(16)
        let milliseconds = UInt64(max(unixMilliseconds, 0))
        for index in 0..<6 { raw[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - UInt64(index)))) }
        raw[6] = raw[6] & 0x0F | 0x70
        raw[8] = raw[8] & 0x3F | 0x80
        return format(raw)
    }

    private static func format(_ raw: [UInt8]) -> String {
        let hex = Array(Hex.encode(raw).utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { text.append(UInt8(ascii: "-")) }
            text.append(byte)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
