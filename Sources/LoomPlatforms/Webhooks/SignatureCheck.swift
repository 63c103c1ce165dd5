// SignatureCheck: shared checks for hex HMAC signature headers and plain shared-secret tokens.

internal import LoomCore
internal import LoomCrypto
import Synchronization

/// The authenticity checks several platforms share, all over the raw body and in constant time.
enum SignatureCheck {
    /// Checks a header holding `prefix` + hex HMAC-SHA256 of `body` under `secret`
    /// (`sha256=<hex>` for GitHub and Bitbucket, bare hex for Gitea/Forgejo).
    static func hmacSHA256(header name: String, value: String?, prefix: String, secret: [UInt8],
                           body: [UInt8]) -> WebhookVerification {
        guard let value else { return .invalidSignature(reason: "missing \(name) header") }
        var text = Substring(value).trimmingASCIISpaces()
        if text.isEmpty {
            // Gitea sends the header empty when the hook has no secret; that proves nothing.
            return .invalidSignature(reason: "empty \(name) header (is the secret set on the hook?)")
        }
        if !prefix.isEmpty {
            guard text.utf8.count > prefix.utf8.count,
                  text.utf8.prefix(prefix.utf8.count).elementsEqual(prefix.utf8, by: asciiCaseInsensitive)
            else { return .invalidSignature(reason: "\(name) must be \(prefix)<hex HMAC-SHA256>") }
            text = text.dropFirst(prefix.count)
        }
        // Decoding the sender's text first makes upper- and lower-case hex equally valid; the
        // secret-dependent comparison is the byte compare below.
        guard let claimed = Hex.decode(text.utf8), claimed.count == Digest.Algorithm.sha256.byteCount else {
            return .invalidSignature(reason: "\(name) is not a hex HMAC-SHA256")
        }
        let expected = body.withUnsafeBytes { preparedKey(secret).mac($0) }
        return ConstantTime.equals(claimed, expected)
            ? .verified : .invalidSignature(reason: "\(name) does not match the body")
    }

    /// Checks a header that carries the shared secret itself (GitLab's `X-Gitlab-Token`).
    static func token(header name: String, value: String?, secret: [UInt8]) -> WebhookVerification {
        guard let value else { return .invalidSignature(reason: "missing \(name) header") }
        if value.isEmpty { return .invalidSignature(reason: "empty \(name) header") }
        return ConstantTime.equals(value.utf8, secret)
            ? .verified : .invalidSignature(reason: "\(name) does not match the configured secret")
    }

    /// Secrets are few and fixed for the process; each is prepared for HMAC once, not per delivery.
    private static let preparedKeys = Mutex<[[UInt8]: HMACKey]>([:])

    private static func preparedKey(_ secret: [UInt8]) -> HMACKey {
        preparedKeys.withLock { keys in
            if let key = keys[secret] { return key }
            guard let key = HMACKey(.sha256, key: secret) else { preconditionFailure("OpenSSL provides no HMAC") }
            if keys.count < 64 { keys[secret] = key }
            return key
        }
    }

    static func asciiCaseInsensitive(_ a: UInt8, _ b: UInt8) -> Bool {
        a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (header values may keep optional whitespace).
    func trimmingASCIISpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
