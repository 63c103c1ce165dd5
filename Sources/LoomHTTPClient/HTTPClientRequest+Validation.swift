// HTTPClientRequest+Validation: rejects requests curl would misread (bad URL, method or header bytes).

extension HTTPClientRequest {
    /// Throws for a URL that is not absolute http(s), a method that is not a token, or a header
    /// whose name is not a token or whose value holds CR, LF or NUL (which would smuggle fields).
    func validate() throws(HTTPClientError) {
        guard let origin = CurlURL.origin(of: url), origin.scheme == "http" || origin.scheme == "https" else {
            throw HTTPClientError.invalidURL(url)
        }
        guard Self.isToken(method) else { throw HTTPClientError.other("invalid HTTP method \"\(method)\"") }
        for (name, value) in headers {
            guard Self.isToken(name) else { throw HTTPClientError.other("invalid header name \"\(name)\"") }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw HTTPClientError.other("invalid value for header \(name)")
            }
        }
    }

    /// RFC 9110 token: visible ASCII except delimiters.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"\"(),/:;<=>?@[\\]{}".utf8.contains(byte)
        }
    }
}
