// AzureDevOpsOrganization: the organization name inside an Azure DevOps URL from a service-hook body.

/// Azure payloads name the organization only inside URLs: `https://dev.azure.com/{org}/…` or the
/// older `https://{org}.visualstudio.com/…`. The name is recorded for the worker to compare with
/// `AZURE_DEVOPS_ORGANIZATION`; API calls use the configured base URL, never these URLs.
enum AzureDevOpsOrganization {
    /// The organization in `url`, or nil for any other shape (Azure DevOps Server, missing URL).
    static func name(fromURL url: String?) -> String? {
        guard let url else { return nil }
        var rest = Substring(url)
        guard rest.hasPrefix("https://") else { return nil }
        rest = rest.dropFirst("https://".count)
        let host = rest.prefix { $0 != "/" }.lowercased()
        let path = rest.dropFirst(host.count).drop { $0 == "/" }
        let organization: Substring
        if host == "dev.azure.com" {
            organization = path.prefix { $0 != "/" }
        } else if host.hasSuffix(".visualstudio.com") {
            organization = Substring(host.dropLast(".visualstudio.com".count))
        } else {
            return nil
        }
        // Organization names are letters, digits and hyphens; anything else is not one.
        guard !organization.isEmpty,
              organization.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) })
        else { return nil }
        return String(organization)
    }
}
