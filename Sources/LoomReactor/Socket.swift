// Socket: non-blocking TCP system calls with explicit would-block results instead of errno checks.

#if canImport(Glibc)
public import Glibc
#endif
internal import CLoomSys
public import LoomCore

/// The outcome of one non-blocking read or write.
public enum IOResult: Equatable, Sendable {
    /// This many bytes moved (always > 0).
    case transferred(Int)
    /// The kernel has nothing to give or no room to take: wait for readiness.
    case wouldBlock
    /// The peer closed its side (reads only).
    case endOfFile
    /// Any other failure; the connection is finished.
    case failed(SystemError)
}

/// The outcome of one non-blocking accept.
public enum AcceptResult: Sendable {
    case accepted(fd: Int32, peer: SocketAddress?)
    case wouldBlock
    /// Out of descriptors or memory; the listener stays usable.
    case failed(SystemError)
}

/// Thin wrappers over the socket calls the reactor's users need.
public enum Socket {
    /// A non-blocking listening TCP socket bound to `address`. With `reusePort`, several sockets
    /// (one per loop) can bind the same port and the kernel spreads new connections across them.
    public static func listen(on address: SocketAddress, reusePort: Bool, backlog: Int32 = 4096) throws -> Int32 {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.last("socket") }
        do {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            let bound = address.withSockaddr { bind(fd, $0, $1) }
            guard bound == 0 else { throw SystemError.last("bind \(address)") }
            guard Glibc.listen(fd, backlog) == 0 else { throw SystemError.last("listen") }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// Starts a non-blocking connect; the socket becomes writable when it completes.
    public static func connect(to address: SocketAddress) throws -> Int32 {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError.last("socket") }
        let result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            let error = SystemError.last("connect \(address)")
            Glibc.close(fd)
            throw error
        }
        return fd
    }

    /// The pending error of a socket (after a non-blocking connect), or nil.
    public static func pendingError(_ fd: Int32) -> SystemError? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return SystemError.last("getsockopt") }
        return value == 0 ? nil : SystemError(code: value, call: "connect")
    }

    /// The address a socket is bound to (to learn an ephemeral port).
    public static func localAddress(_ fd: Int32) throws -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0, let address = SocketAddress(storage: storage) else { throw SystemError.last("getsockname") }
        return address
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    public static func accept(_ listener: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = loom_accept_nonblocking(listener, &storage, &length)
        if fd >= 0 { return .accepted(fd: fd, peer: SocketAddress(storage: storage)) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        // The connection died between SYN and accept: nothing to do, try the next one.
        case ECONNABORTED, EPROTO, EINTR: return accept(listener)
        default: return .failed(SystemError.last("accept4"))
        }
    }

    /// Reads what is available into `buffer`.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError.last("read"))
            }
        }
    }

    /// Writes as much of `buffer` as the kernel takes.
    public static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let count = Glibc.write(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count == 0 ? .wouldBlock : .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError.last("write"))
            }
        }
    }

    /// Gathers several buffers into one write system call.
    public static func writev(_ fd: Int32, _ vectors: UnsafeBufferPointer<Glibc.iovec>) -> IOResult {
        while true {
            let count = Glibc.writev(fd, vectors.baseAddress, Int32(vectors.count))
            if count >= 0 { return count == 0 ? .wouldBlock : .transferred(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SystemError.last("writev"))
            }
        }
    }

    /// Disables Nagle's algorithm: responses are written whole, so batching only adds latency.
    public static func setNoDelay(_ fd: Int32) {
        try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Half-closes the writing side, so the peer reads our last bytes and then end-of-file.
    public static func shutdownWrite(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes a descriptor.
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Raises the soft open-file limit to the hard limit (10,000 idle keep-alive connections need it).
    /// Returns the new soft limit.
    @discardableResult
    public static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Ignores SIGPIPE: a write to a vanished peer should fail with EPIPE, not end the process.
    public static func ignoreBrokenPipeSignal() {
        loom_ignore_sigpipe()
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SystemError.last("setsockopt")
        }
    }
}
