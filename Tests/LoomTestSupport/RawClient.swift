// LoomTestSupport: a raw socket client, polling with a timeout, and descriptor counts for tests.

#if canImport(Glibc)
import Glibc
#endif
public import LoomCore
public import LoomReactor

/// A response as the raw client read it.
public struct RawResponse {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client with timeouts, for sending exact bytes and reading exact responses.
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(_ address: SocketAddress) throws {
        fd = try Socket.connect(to: address)
        var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 2000) == 1, Socket.pendingError(fd) == nil else {
            Socket.close(fd)
            throw SystemError(code: ETIMEDOUT, call: "connect")
        }
    }

    deinit { Socket.close(fd) }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { Socket.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .transferred(let count): offset += count
            case .wouldBlock:
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 1000)
            case .endOfFile, .failed: return
            }
        }
    }

    /// Reads more bytes; false on end-of-file, error or timeout.
    private func fill(timeout milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) == 1 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let result = chunk.withUnsafeMutableBytes { Socket.read(fd, into: $0) }
        guard case .transferred(let count) = result else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response (Content-Length framed), or nil on timeout or close.
    public func readResponse(timeout milliseconds: Int32 = 3000) -> RawResponse? {
        while true {
            if let response = takeResponse() { return response }
            guard fill(timeout: milliseconds) else { return nil }
        }
    }

    /// Reads until the server closes; true when it closed (EOF) within the timeout.
    public func waitForClose(timeout milliseconds: Int32 = 3000) -> Bool {
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, milliseconds) == 1 else { return false }
            var chunk = [UInt8](repeating: 0, count: 65536)
            switch chunk.withUnsafeMutableBytes({ Socket.read(fd, into: $0) }) {
            case .transferred(let count): buffer.append(contentsOf: chunk[0..<count])
            case .wouldBlock: continue
            case .endOfFile, .failed: return true
            }
        }
    }

    /// Bytes received but not yet taken as a response.
    public var unread: String { String(decoding: buffer, as: UTF8.self) }

    /// Takes the interim `100 Continue` if it is there.
    public func readInterim(timeout milliseconds: Int32 = 3000) -> String? {
        let marker = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: marker) {
                let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<end.upperBound)
                return head
            }
            guard fill(timeout: milliseconds) else { return nil }
        }
    }

    private func takeResponse() -> RawResponse? {
        guard let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1]) ?? 0
        let headers = lines.map { line -> (String, String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpacesForTest())
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        guard buffer.count >= end.upperBound + length else { return nil }
        let body = Array(buffer[end.upperBound..<end.upperBound + length])
        buffer.removeSubrange(..<(end.upperBound + length))
        return RawResponse(status: status, headers: headers, body: body)
    }
}

extension String {
    func trimmingSpacesForTest() -> String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

/// Open descriptors of this process, for leak checks.
public func openDescriptorCount() -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while readdir(directory) != nil { count += 1 }
    return count - 3  // ".", "..", and the directory's own descriptor
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
public func eventually(timeout: Duration = .seconds(2), _ condition: () -> Bool) async -> Bool {
    let clock = SystemClock()
    let deadline = clock.now() + timeout
    while clock.now() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

/// Polls an async condition every 2 ms until it holds or `timeout` passes; returns whether it held.
public func waitUntil(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let clock = SystemClock()
    let deadline = clock.now() + timeout
    while clock.now() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return try await condition()
}
