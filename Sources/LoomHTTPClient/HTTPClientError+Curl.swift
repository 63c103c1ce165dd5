// HTTPClientError+Curl: maps a transfer's CURLcode to the error callers act on (retry, report, give up).

internal import CCurl

extension HTTPClientError {
    /// The error for a failed transfer; `detail` is curl's error buffer, which names the cause
    /// (host, errno, certificate problem) more precisely than the code's generic text.
    init(curlCode code: CURLcode, detail: String, url: String) {
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            self = .invalidURL(url)
        case CURLE_TOO_MANY_REDIRECTS:
            self = .tooManyRedirects
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM,
             CURLE_WEIRD_SERVER_REPLY, CURLE_PROXY:
            // The exchange broke below HTTP: worth a retry, unlike a TLS trust failure.
            self = .connectionFailed(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT:
            self = .tls(message)
        case CURLE_ABORTED_BY_CALLBACK:
            self = .cancelled
        default:
            self = .other("HTTP request to \(url) failed: \(message) (curl error \(code.rawValue))")
        }
    }
}
