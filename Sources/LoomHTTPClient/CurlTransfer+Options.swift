// CurlTransfer+Options: sets up an easy handle for one hop: URL, method, headers, body, limits, TLS, callbacks.

internal import CCurl

extension CurlTransfer {
    /// Configures `easy` (fresh or reset) for this hop (loop thread).
    func configure(_ easy: UnsafeMutableRawPointer, _ configuration: CurlHTTPClientConfiguration) throws(HTTPClientError) {
        self.easy = easy
        // Unretained: the multi's table of active transfers keeps this object alive while curl runs.
        let context = Unmanaged.passUnretained(self).toOpaque()
        try set(easy, CURLOPT_URL, string: request.url)
        // Signals are not ours to use in a multi-threaded server; the threaded resolver needs none.
        try set(easy, CURLOPT_NOSIGNAL, 1)
        try set(easy, CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        try check(loom_curl_easy_setopt_write_callback(easy) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return transfer.receive(body: bytes) ? size * count : 0
        })
        try set(easy, CURLOPT_WRITEDATA, pointer: context)
        try check(loom_curl_easy_setopt_header_callback(easy) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receive(headerLine: UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        })
        try set(easy, CURLOPT_HEADERDATA, pointer: context)

        // Only web protocols, even if a caller or a Location header names another.
        try set(easy, CURLOPT_PROTOCOLS_STR, string: "http,https")
        try set(easy, CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https")
        // Redirects are followed hop by hop in CurlHTTPClient: curl's own following strips only
        // Authorization and Cookie on a host change, not PRIVATE-TOKEN or x-api-key.
        try set(easy, CURLOPT_FOLLOWLOCATION, 0)
        try set(easy, CURLOPT_UNRESTRICTED_AUTH, 0)
        // Empty string: offer every encoding this libcurl decodes (gzip, deflate, br, zstd).
        try set(easy, CURLOPT_ACCEPT_ENCODING, string: "")

        let timeout = Self.milliseconds(request.timeout)
        try set(easy, CURLOPT_TIMEOUT_MS, timeout)
        try set(easy, CURLOPT_CONNECTTIMEOUT_MS, min(timeout, Self.milliseconds(configuration.connectTimeout)))
        try set(easy, CURLOPT_SSL_VERIFYPEER, 1)
        try set(easy, CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle = configuration.caBundlePath { try set(easy, CURLOPT_CAINFO, string: caBundle) }
        // Fails before reading a body whose declared length is already over the cap.
        try check(loom_curl_easy_setopt_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes)))

        try configureMethodAndBody(easy)
        try configureHeaders(easy, userAgent: configuration.userAgent)
    }

    private func configureMethodAndBody(_ easy: UnsafeMutableRawPointer) throws(HTTPClientError) {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body == nil:
            try set(easy, CURLOPT_HTTPGET, 1)
        case "HEAD":
            try set(easy, CURLOPT_NOBODY, 1)
        case "POST":
            try set(easy, CURLOPT_POST, 1)
            try attachBody(easy)
        default:
            try set(easy, CURLOPT_CUSTOMREQUEST, string: method)
            // PUT and PATCH always carry a body (an empty one declares Content-Length: 0).
            if request.body != nil || method == "PUT" || method == "PATCH" { try attachBody(easy) }
        }
    }

    /// Copies the body into memory this transfer owns: curl reads POSTFIELDS in place while sending.
    private func attachBody(_ easy: UnsafeMutableRawPointer) throws(HTTPClientError) {
        let body = request.body ?? []
        // Never a null pointer, even for an empty body: POSTFIELDS null would make curl read stdin.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(body.count, 1), alignment: 1)
        body.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.baseAddress!.copyMemory(from: base, byteCount: source.count) }
        }
        requestBody = buffer
        try check(loom_curl_easy_setopt_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
        try set(easy, CURLOPT_POSTFIELDS, pointer: buffer.baseAddress)
    }

    private func configureHeaders(_ easy: UnsafeMutableRawPointer, userAgent: String) throws(HTTPClientError) {
        var lines: [String] = []
        var present = Set<String>()
        for (name, value) in request.headers {
            present.insert(name.lowercased())
            // "Name;" is curl's spelling for a field with an empty value ("Name:" would remove it).
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        // curl would otherwise wait up to a second for "100 Continue" before sending large bodies,
        // and label every body it sends as a form.
        if !present.contains("expect") { lines.append("Expect:") }
        if !present.contains("content-type") { lines.append("Content-Type:") }
        if !present.contains("user-agent") { lines.append("User-Agent: \(userAgent)") }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPClientError.other("out of memory building request headers")
            }
            headerList = appended
        }
        try set(easy, CURLOPT_HTTPHEADER, pointer: headerList)
    }

    // MARK: Typed setopt

    private func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(loom_curl_easy_setopt_long(easy, option, value))
    }

    private func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, pointer: UnsafeRawPointer?) throws(HTTPClientError) {
        try check(loom_curl_easy_setopt_pointer(easy, option, pointer))
    }

    /// curl copies string options (all but POSTFIELDS), so a temporary C string is enough.
    private func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, string: String) throws(HTTPClientError) {
        let code = string.withCString { loom_curl_easy_setopt_pointer(easy, option, $0) }
        try check(code)
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else {
            throw HTTPClientError.other("libcurl rejected an option: \(String(cString: curl_easy_strerror(code)))")
        }
    }

    /// curl reads 0 as "no timeout", so even a spent budget must stay at least one millisecond.
    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(clamping: duration.nanosecondsClamped / 1_000_000))
    }
}
