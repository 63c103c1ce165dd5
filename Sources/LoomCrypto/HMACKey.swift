// HMACKey: a secret turned into a reusable HMAC context, for checking many signatures quickly.

internal import COpenSSL

/// A keyed HMAC. Making one does the costly setup (algorithm lookup, key schedule) once; each
/// `mac(_:)` then copies the prepared context, so a webhook signature costs little more than
/// hashing its body. Safe to share between threads: the prepared context is only read.
public final class HMACKey: @unchecked Sendable {
    private let context: OpaquePointer
    public let algorithm: Digest.Algorithm

    /// Prepares `key` for `algorithm`; nil only if OpenSSL cannot provide HMAC at all.
    public init?(_ algorithm: Digest.Algorithm, key: some Collection<UInt8>) {
        let keyBytes = Array(key)
        let name = algorithm == .sha1 ? "SHA1" : "SHA256"
        guard let context = keyBytes.withUnsafeBufferPointer({ loom_hmac_context_new(name, $0.baseAddress, $0.count) }) else {
            return nil
        }
        self.context = context
        self.algorithm = algorithm
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    /// The MAC of `message`.
    public func mac(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: algorithm.byteCount)
        var length = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            loom_hmac_compute(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                              out.baseAddress, out.count, &length)
        }
        precondition(ok == 1 && length == algorithm.byteCount, "OpenSSL HMAC failed")
        return output
    }
}
