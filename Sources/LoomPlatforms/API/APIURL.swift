// APIURL: percent-encoding of path segments and query values, and the "is this under our base URL" check.

/// URL building for API adapters. Every identifier that goes into a URL (owner, file path,
/// branch) is percent-encoded here, so a `/`, `?` or `#` in it can never change which endpoint
/// (or host) a request reaches.
enum APIURL {
    /// `text` with every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`) escaped.
    /// Encodes `/` too: one path segment (GitLab's `:id` and file path), or a query value.
    static func encode(_ text: String) -> String {
        // A segment of only dots would be a dot-segment that clients and servers resolve away
        // (`/repos/../x` is `/x`), so its dots are escaped too.
        if !text.isEmpty && text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") }) {
            return String(repeating: "%2E", count: text.utf8.count)
        }
        return encode(text, keeping: 0)
    }

    /// Like `encode`, but leaves `keep` (a sub-delimiter allowed in queries) as it is.
    private static func encode(_ text: String, keeping keep: UInt8) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keep != 0 && byte == keep) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A repository file path as a URL path: each segment encoded, the slashes kept
    /// (`src/a b.c` → `src/a%20b.c`). Leading slashes and empty or dot segments are dropped so a
    /// path cannot climb out of the endpoint it is appended to.
    static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." && $0 != ".." }
            .map { encode(String($0)) }
            .joined(separator: "/")
    }

    /// `?a=1&b=2` with names and values encoded, or "" when there are none.
    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        // `$` stays literal in names: Azure documents `$compareTo`, `$format`, `$top` that way.
        return "?" + items.map { "\(encode($0.0, keeping: UInt8(ascii: "$")))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// Whether `url` is `base` itself or below it (`base/…` or `base?…`). Used before sending
    /// credentials to a URL that came from a response (a `Link` header, a `next` field, a
    /// redirect): a different host, port or scheme — or a longer host such as
    /// `api.bitbucket.org.evil.example` — fails the check.
    static func isUnder(_ url: String, base: String) -> Bool {
        let lowerURL = url.lowercased()
        let lowerBase = base.lowercased()
        guard lowerURL.hasPrefix(lowerBase) else { return false }
        let rest = lowerURL.dropFirst(lowerBase.count)
        guard let next = rest.first else { return true }
        return next == "/" || next == "?"
    }

    /// `scheme://host[:port]` of `url`, for resolving a redirect `Location` that is only a path.
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return String(url[..<schemeEnd.upperBound]) + authority
    }

    /// Resolves a `Location` header against the URL that answered: absolute URLs stay as they
    /// are, `/path` is taken relative to the origin.
    static func resolve(_ location: String, against url: String) -> String? {
        if location.hasPrefix("http://") || location.hasPrefix("https://") { return location }
        guard location.hasPrefix("/"), !location.hasPrefix("//"), let origin = origin(of: url) else { return nil }
        return origin + location
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
