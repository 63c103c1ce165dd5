// CurlURL: the origin (scheme, host, port) of an absolute URL, parsed by libcurl's URL API.

internal import CCurl

/// Where a request goes: two URLs with the same origin reach the same server with the same trust.
struct URLOrigin: Equatable, Sendable {
    var scheme: String
    var host: String
    var port: Int
}

/// URL facts from curl's own parser, so that what we compare is what curl will connect to.
/// The URL API keeps no shared state, so unlike the transfer calls it is safe on any thread.
enum CurlURL {
    /// The origin of an absolute URL, or nil when curl cannot parse it or it has no host.
    static func origin(of url: String) -> URLOrigin? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = part(handle, CURLUPART_SCHEME, flags: 0),
              let host = part(handle, CURLUPART_HOST, flags: 0), !host.isEmpty,
              let port = part(handle, CURLUPART_PORT, flags: UInt32(CURLU_DEFAULT_PORT)).flatMap({ Int($0) })
        else { return nil }
        return URLOrigin(scheme: scheme.lowercased(), host: host.lowercased(), port: port)
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
