// CurlTransfer: one request hop on one easy handle: its request bytes, the response as it arrives, its continuation.

internal import CCurl
import Synchronization

/// What one hop produced: the response, and where a 3xx points (absolute, resolved by curl).
struct CurlHopResult: Sendable {
    var response: HTTPClientResponse
    var redirectURL: String?
}

/// The state of one transfer. Everything except the cancellation flag is touched only on the
/// loop that owns the multi handle; the flag is how a cancelled task reaches it from any thread.
final class CurlTransfer: @unchecked Sendable {
    typealias Completion = CheckedContinuation<Result<CurlHopResult, HTTPClientError>, Never>

    let request: HTTPClientRequest
    let maxResponseBytes: Int
    private let cancelRequested = Atomic<Bool>(false)
    private var continuation: Completion?

    // Loop-thread state. The C buffers live exactly as long as curl may read or write them.
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var requestBody: UnsafeMutableRawBufferPointer?
    let errorBuffer: UnsafeMutablePointer<CChar>
    private(set) var responseHeaders: [(name: String, value: String)] = []
    private(set) var responseBody: [UInt8] = []
    private(set) var bodyTooLarge = false

    init(request: HTTPClientRequest, maxResponseBytes: Int) {
        self.request = request
        self.maxResponseBytes = maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        releaseRequestResources()
        errorBuffer.deallocate()
    }

    /// True once the owning task was cancelled (any thread).
    var isCancelled: Bool { cancelRequested.load(ordering: .acquiring) }

    /// Marks the transfer cancelled; the loop removes it when it sees the flag (any thread).
    func requestCancellation() { cancelRequested.store(true, ordering: .releasing) }

    /// Sets the task to resume; called once, before the transfer is handed to the loop.
    func attach(_ continuation: Completion) { self.continuation = continuation }

    /// Resumes the waiting task, once (loop thread).
    func finish(_ result: Result<CurlHopResult, HTTPClientError>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(returning: result)
    }

    /// Frees what curl read from; call after the easy handle left the multi and was reset.
    func releaseRequestResources() {
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        requestBody?.deallocate()
        requestBody = nil
        easy = nil
    }

    // MARK: Response callbacks (inside curl_multi_socket_action, on the loop)

    /// One raw header line. A status line starts a new response (an interim 1xx or a redirect
    /// hop), so only the final response's fields remain.
    func receive(headerLine bytes: UnsafeRawBufferPointer) {
        switch ResponseHeaderLine.parse(bytes) {
        case .status:
            responseHeaders.removeAll(keepingCapacity: true)
            responseBody.removeAll(keepingCapacity: true)
        case .field(let name, let value):
            responseHeaders.append((name, value))
            if name.lowercased() == "content-length", let length = Int(value), length <= maxResponseBytes {
                responseBody.reserveCapacity(length)
            }
        case .continuation(let text):
            // Obsolete line folding: the text belongs to the previous field's value.
            if let last = responseHeaders.indices.last { responseHeaders[last].value += " " + text }
        case .end, .ignored:
            break
        }
    }

    /// Body bytes, already decoded. Returns false to make curl abort when the cap is passed.
    func receive(body bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= maxResponseBytes else {
            bodyTooLarge = true
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    // MARK: Outcome

    /// The hop's result once curl reported `code` for it (loop thread, handle still configured).
    func outcome(code: CURLcode) -> Result<CurlHopResult, HTTPClientError> {
        guard let easy else { return .failure(.other("transfer has no handle")) }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.other("response body exceeds \(maxResponseBytes) bytes"))
        }
        guard code == CURLE_OK else {
            return .failure(HTTPClientError(curlCode: code, detail: String(cString: errorBuffer), url: request.url))
        }
        var status = 0
        _ = loom_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        let finalURL = Self.stringInfo(easy, CURLINFO_EFFECTIVE_URL) ?? request.url
        let response = HTTPClientResponse(status: status, headers: responseHeaders, body: responseBody, url: finalURL)
        return .success(CurlHopResult(response: response, redirectURL: Self.stringInfo(easy, CURLINFO_REDIRECT_URL)))
    }

    private static func stringInfo(_ easy: UnsafeMutableRawPointer, _ info: CURLINFO) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard loom_curl_easy_getinfo_string(easy, info, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }
}
