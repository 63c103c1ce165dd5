// JSONTape+Lookup: finding an object member by key, the hot operation after parsing.

#if canImport(Glibc)
import Glibc
#endif

extension JSONTape {
    /// Tape index of the value of the first member named `key` in the object at `index`, or nil
    /// when that is not an object or has no such member.
    func member(_ key: String, ofObjectAt index: Int) -> Int? {
        let open = tokens[index]
        guard JSONToken.code(open) == JSONToken.object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { source in
                let tokens = tokens
                let last = JSONToken.payload(open) &- 1  // the end token
                // An unescaped key of the right length has exactly these upper 32 bits, so one
                // compare rejects almost every other key without touching the source bytes.
                let signature = JSONToken.make(JSONToken.string, payload: wanted.count, offset: 0) >> 32
                var k = index &+ 1
                while k < last {
                    let token = tokens[k]
                    let high = token >> 32
                    if high == signature {
                        let start = source.baseAddress! + (JSONToken.offset(token) &+ 1)
                        if wanted.isEmpty || memcmp(start, wanted.baseAddress!, wanted.count) == 0 { return k &+ 1 }
                    } else if high >> 29 == JSONToken.escapedString, Self.string(token, equals: wanted, in: source) {
                        return k &+ 1
                    }
                    k = JSONToken.next(tokens, after: k &+ 1)
                }
                return nil
            }
        }
    }

    /// Whether the string token `token` (plain or escaped) decodes to the UTF-8 bytes `wanted`.
    @inline(__always)
    static func string(
        _ token: UInt64, equals wanted: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let length = JSONToken.payload(token)
        let start = JSONToken.offset(token) &+ 1
        if JSONToken.code(token) == JSONToken.string {
            guard length == wanted.count else { return false }
            if length == 0 { return true }
            return memcmp(bytes.baseAddress! + start, wanted.baseAddress!, length) == 0
        }
        // Escapes never make text longer once decoded, so a shorter source cannot match.
        guard length >= wanted.count else { return false }
        let decoded = JSONStringDecoder.decode(bytes.baseAddress! + start, count: length, escaped: true)
        return decoded.utf8.elementsEqual(wanted)
    }
}
