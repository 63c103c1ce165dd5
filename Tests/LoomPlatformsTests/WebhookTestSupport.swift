// WebhookTestSupport: signing fixtures the way each platform does, and a processor with test secrets.

import LoomCore
import LoomCrypto
import LoomPlatforms

/// Signs bodies with a test secret using each platform's scheme.
enum WebhookTestSupport {
    static let secret = "loom-test-secret"

    /// A processor where every platform uses `secret`.
    static let processor = WebhookProcessor(secrets: WebhookSecrets(
        github: secret, gitlab: secret, bitbucket: secret, gitea: secret, azureDevOps: secret))

    /// The platform a fixture under `webhooks/<folder>/` belongs to.
    static func platform(ofFixture file: String) -> Platform {
        let folder = file.split(separator: "/")[1]
        return folder == "azure-devops" ? .azureDevOps : Platform(rawValue: String(folder))!
    }

    /// Hex HMAC-SHA256 of `body` under `secret`.
    static func hmacHex(_ body: [UInt8], secret: String = secret) -> String {
        Hex.encode(body.withUnsafeBytes { Digest.hmac(.sha256, key: Array(secret.utf8), message: $0) })
    }

    /// `base` plus the authentication header `platform` sends for `body`.
    static func signedHeaders(_ platform: Platform, body: [UInt8], secret: String = secret,
                              base: [String: String] = [:]) -> [String: String] {
        var headers = base
        switch platform {
        case .github: headers["X-Hub-Signature-256"] = "sha256=" + hmacHex(body, secret: secret)
        case .gitlab: headers["X-Gitlab-Token"] = secret
        case .gitea: headers["X-Gitea-Signature"] = hmacHex(body, secret: secret)
        case .bitbucket: headers["X-Hub-Signature"] = "sha256=" + hmacHex(body, secret: secret)
        case .azureDevOps: headers["Authorization"] = "Basic " + Base64.encode(Array("loom:\(secret)".utf8))
        }
        return headers
    }

    /// The delivery-id header a platform sends, nil for Azure (its id is in the body).
    static func deliveryHeader(_ platform: Platform) -> String? {
        switch platform {
        case .github: "X-GitHub-Delivery"
        case .gitlab: "Idempotency-Key"
        case .gitea: "X-Gitea-Delivery"
        case .bitbucket: "X-Request-UUID"
        case .azureDevOps: nil
        }
    }

    /// `bytes` with the first (or last) occurrence of `target` replaced, failing loudly when it is absent
    /// (so a test that edits a fixture cannot silently test the unedited one).
    static func replacing(_ target: String, with replacement: String, in bytes: [UInt8], last: Bool = false) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        guard let range = last ? text.ranges(of: target).last : text.firstRange(of: target) else {
            fatalError("fixture does not contain \(target)")
        }
        text.replaceSubrange(range, with: replacement)
        return Array(text.utf8)
    }

    /// Verifies then decodes, as the server does.
    static func process(_ platform: Platform, body: [UInt8], headers: [String: String],
                        processor: WebhookProcessor = processor) throws -> DecodedWebhook {
        let lookup = HeaderDictionary(headers)
        let verification = processor.verify(platform: platform, headers: lookup, body: body)
        guard verification == .verified else { throw VerificationFailed(verification: verification) }
        return try processor.decode(platform: platform, headers: lookup, body: body)
    }

    struct VerificationFailed: Error { let verification: WebhookVerification }
}

extension DecodedWebhook {
    /// The pull-request event, or nil for an ignored non-PR delivery.
    var event: PullRequestEvent? {
        if case .pullRequest(let event) = self { return event }
        return nil
    }
}
