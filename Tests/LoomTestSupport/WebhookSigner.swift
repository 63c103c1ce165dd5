// WebhookSigner: signs fixture payloads the way each platform does, and builds their request headers.

public import LoomCore
import LoomCrypto

/// Headers that authenticate a webhook body for one platform with `secret`.
public enum WebhookSigner {
    /// The authentication headers for `body` (plus nothing else).
    public static func authenticationHeaders(_ platform: Platform, secret: String, body: [UInt8]) -> [(String, String)] {
        let hex = body.withUnsafeBytes { Hex.encode(Digest.hmac(.sha256, key: Array(secret.utf8), message: $0)) }
        switch platform {
        case .github: return [("X-Hub-Signature-256", "sha256=" + hex)]
        case .gitlab: return [("X-Gitlab-Token", secret)]
        case .gitea: return [("X-Gitea-Signature", hex)]
        case .bitbucket: return [("X-Hub-Signature", "sha256=" + hex)]
        case .azureDevOps: return [("Authorization", "Basic " + Base64.encode(Array("loom:\(secret)".utf8)))]
        }
    }

    /// A complete HTTP/1.1 request for `POST /webhooks/{platform}`.
    public static func request(_ platform: Platform, body: [UInt8], headers: [(String, String)],
                               contentType: String = "application/json") -> [UInt8] {
        var head = "POST /webhooks/\(platform.rawValue) HTTP/1.1\r\nHost: loom.test\r\nContent-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
