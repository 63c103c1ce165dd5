// Digest: SHA-256 and HMAC-SHA256/SHA1 over raw bytes through OpenSSL.

internal import COpenSSL

/// Hash and MAC functions Loom needs for webhook signatures and fingerprints.
public enum Digest {
    /// The digest algorithms available for HMAC.
    public enum Algorithm: Sendable {
        case sha1, sha256

        /// Output size in bytes.
        public var byteCount: Int { self == .sha1 ? 20 : 32 }

        var evp: OpaquePointer? { self == .sha1 ? EVP_sha1() : EVP_sha256() }
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        output.withUnsafeMutableBytes { out in
            _ = SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                       out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return output
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { sha256(UnsafeRawBufferPointer($0)) }
    }

    /// HMAC of `message` under `key`. For many messages under one key, keep an `HMACKey`.
    public static func hmac(_ algorithm: Algorithm, key: some Collection<UInt8>, message: UnsafeRawBufferPointer) -> [UInt8] {
        guard let prepared = HMACKey(algorithm, key: key) else { preconditionFailure("OpenSSL provides no HMAC") }
        return prepared.mac(message)
    }

    /// The linked OpenSSL version text, e.g. `OpenSSL 3.0.19 …`.
    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
