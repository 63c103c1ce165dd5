// SocketHTTPClient: a test-only HTTPClient over a plain TCP socket, so model tests hit a real server.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomHTTPClient
import LoomReactor
import LoomTestSupport

/// Speaks just enough HTTP/1.1 (`http://` only, `Connection: close`, Content-Length responses)
/// to drive the model clients against a local `HTTPServer`, with the request's timeout applied to
/// connecting and to waiting for the answer. Used instead of curl so these tests exercise
/// LoomLLM, not the production client.
struct SocketHTTPClient: HTTPClient {
    func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPClientResponse {
        guard let (address, path) = SocketHTTPClient.split(request.url) else { throw .invalidURL(request.url) }
        // The exchange blocks in poll(); run it off the caller's task so a slow route cannot stall it.
        let result = await Task.detached { () -> Result<HTTPClientResponse, HTTPClientError> in
            SocketHTTPClient.exchange(request, address: address, path: path)
        }.value
        return try result.get()
    }

    private static func exchange(_ request: HTTPClientRequest, address: SocketAddress, path: String) -> Result<HTTPClientResponse, HTTPClientError> {
        let client: RawClient
        do { client = try RawClient(address) } catch { return .failure(.connectionFailed("\(error)")) }
        var head = "\(request.method) \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(request.body?.count ?? 0)\r\n\r\n"
        client.send(Array(head.utf8) + (request.body ?? []))
        let milliseconds = Int32(clamping: request.timeout.nanosecondsClamped / 1_000_000)
        guard let response = client.readResponse(timeout: max(milliseconds, 1)) else { return .failure(.timeout) }
        return .success(HTTPClientResponse(status: response.status, headers: response.headers.map { (name: $0.0, value: $0.1) },
                                           body: response.body, url: request.url))
    }

    /// `http://127.0.0.1:8080/v1/x` → (address, `/v1/x`).
    static func split(_ url: String) -> (SocketAddress, String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        let parts = authority.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]), let address = SocketAddress(host: String(parts[0]), port: port) else { return nil }
        return (address, path.isEmpty ? "/" : String(path))
    }
}
