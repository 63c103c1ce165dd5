// CurlLibrary: global libcurl initialisation and version facts, shared by CurlHTTPClient and diagnostics.

internal import CCurl
import Synchronization

/// The linked libcurl.
public enum CurlLibrary {
    private static let initialized = Mutex(false)

    /// Runs `curl_global_init` once per process, before any thread uses curl.
    public static func initialize() {
        initialized.withLock { done in
            guard !done else { return }
            curl_global_init(Int(CURL_GLOBAL_ALL))
            done = true
        }
    }

    /// libcurl's version, e.g. `7.88.1`.
    public static var version: String {
        guard let info = loom_curl_version_info() else { return "unknown" }
        return String(cString: info.pointee.version)
    }

    /// The TLS backend curl was built with, e.g. `OpenSSL/3.0.19`.
    public static var sslVersion: String? {
        guard let info = loom_curl_version_info(), let ssl = info.pointee.ssl_version else { return nil }
        return String(cString: ssl)
    }

    /// Whether a multi handle (the interface the reactor drives) can be created and released.
    public static func canCreateMultiHandle() -> Bool {
        initialize()
        guard let multi = curl_multi_init() else { return false }
        curl_multi_cleanup(multi)
        return true
    }
}
