// AzureDevOpsWebhook: the Basic-auth check of Azure DevOps service hooks; decoding lives in AzureDevOpsWebhook+Decode.

internal import LoomCore
internal import LoomCrypto

/// Azure DevOps Services and Server service hooks.
enum AzureDevOpsWebhook {
    static let authorizationHeader = "Authorization"

    /// Azure signs nothing; the subscription sends `Authorization: Basic base64(user:password)`
    /// and the password must equal the secret. Any username is accepted (operators pick one).
    static func verify(secret: [UInt8]?, headers: some HeaderLookup, body: [UInt8]) -> WebhookVerification {
        guard let secret else { return .notConfigured(reason: "AZURE_DEVOPS_WEBHOOK_SECRET is not set") }
        guard let value = headers.headerValue(authorizationHeader), !value.isEmpty else {
            return .invalidSignature(reason: "missing Authorization header (set Basic authentication on the service hook)")
        }
        let text = Substring(value).trimmingASCIISpaces()
        let scheme = text.prefix { $0 != " " }
        guard scheme.lowercased() == "basic" else {
            return .invalidSignature(reason: "Authorization is not Basic")
        }
        let encoded = text.dropFirst(scheme.count).trimmingASCIISpaces()
        guard !encoded.isEmpty, let credentials = Base64.decode(encoded.utf8),
              let colon = credentials.firstIndex(of: UInt8(ascii: ":"))
        else { return .invalidSignature(reason: "malformed Basic credentials") }
        let password = credentials[(colon + 1)...]
        return ConstantTime.equals(password, secret)
            ? .verified : .invalidSignature(reason: "Basic password does not match AZURE_DEVOPS_WEBHOOK_SECRET")
    }
}
