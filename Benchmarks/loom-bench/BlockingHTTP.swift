// BlockingHTTP: one request over a fresh connection, waiting with poll, for the benchmarks' control calls.

#if canImport(Glibc)
import Glibc
#endif
import LoomReactor

/// A tiny blocking HTTP/1.1 client (`Connection: close`), used off the measured path.
enum BlockingHTTP {
    /// Sends the request and returns the response body, or nil on any failure.
    static func request(_ address: SocketAddress, method: String, path: String, body: [UInt8] = [],
                        headers: [(String, String)] = []) -> String? {
        guard let fd = try? Socket.connect(to: address) else { return nil }
        defer { Socket.close(fd) }
        var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 5000) == 1, Socket.pendingError(fd) == nil else { return nil }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(address)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        var offset = 0
        while offset < request.count {
            switch request.withUnsafeBytes({ Socket.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }) {
            case .transferred(let count): offset += count
            case .wouldBlock:
                descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 5000)
            case .endOfFile, .failed: return nil
            }
        }
        var received: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 10000) == 1 else { return nil }
            switch Socket.read(fd, into: buffer) {
            case .transferred(let count): received.append(contentsOf: buffer[0..<count])
            case .wouldBlock: continue
            case .endOfFile:
                guard let end = received.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
                return String(decoding: received[end.upperBound...], as: UTF8.self)
            case .failed: return nil
            }
        }
    }
}

/// Reads one environment variable.
enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
