// JSONTape: the shared, immutable result of one validating pass: the input bytes plus its tokens.

/// Owns the input bytes and the token array; `JSONValue`s share it by reference, so handing out
/// values never copies the document.
final class JSONTape: @unchecked Sendable {
    // @unchecked: `tokens` is written only during `init` and never mutated afterwards.
    let bytes: [UInt8]
    let tokens: UnsafeMutablePointer<UInt64>

    init(parsing bytes: [UInt8]) throws(JSONError) {
        guard !bytes.isEmpty else { throw JSONError(offset: 0, message: "empty input") }
        guard bytes.count <= JSONToken.maxDocumentLength else {
            throw JSONError(offset: 0, message: "document larger than 512 MiB")
        }
        self.tokens = try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in
            try JSONScanner.scan(buffer.baseAddress!, count: buffer.count)
        }
        self.bytes = bytes
    }

    deinit { tokens.deallocate() }
}
