// OutputQueue: response bytes waiting to be written, flushed with write or writev.

#if canImport(Glibc)
import Glibc
#endif
import LoomReactor

/// Bytes queued for one socket, in order. Small pieces are coalesced into one owned chunk so
/// pipelined responses leave in one system call; large bodies stay separate chunks and are
/// written by `writev` straight from the handler's array, never copied.
struct OutputQueue {
    private var chunks: [[UInt8]] = []
    private var offset = 0
    private var lastChunkOwned = false
    private(set) var byteCount = 0

    /// Bodies at least this large are queued as their own chunk instead of copied.
    static let separateChunkThreshold = 16 * 1024

    var isEmpty: Bool { byteCount == 0 }

    /// Appends bytes the queue may copy.
    mutating func append(copying bytes: some Collection<UInt8>) {
        guard !bytes.isEmpty else { return }
        byteCount += bytes.count
        if lastChunkOwned, chunks[chunks.count - 1].count < 64 * 1024 {
            chunks[chunks.count - 1].append(contentsOf: bytes)
        } else {
            chunks.append(Array(bytes))
            lastChunkOwned = true
        }
    }

    /// Appends a large array without copying it.
    mutating func append(sharing bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        guard bytes.count >= Self.separateChunkThreshold else { return append(copying: bytes) }
        byteCount += bytes.count
        chunks.append(bytes)
        lastChunkOwned = false
    }

    /// An owned chunk to serialize into directly (avoids building a temporary array).
    mutating func withWritableTail<Result>(_ body: (inout [UInt8]) -> Result) -> Result {
        if !(lastChunkOwned && chunks[chunks.count - 1].count < 64 * 1024) {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(512)
            lastChunkOwned = true
        }
        let before = chunks[chunks.count - 1].count
        let result = body(&chunks[chunks.count - 1])
        byteCount += chunks[chunks.count - 1].count - before
        return result
    }

    /// Writes as much as the socket takes. Returns bytes written and whether it would block.
    mutating func flush(to fd: Int32) -> (written: Int, blocked: Bool, error: Bool) {
        var written = 0
        while byteCount > 0 {
            let result: IOResult
            if chunks.count == 1 {
                result = chunks[0].withUnsafeBytes { Socket.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            } else {
                result = writeVectored(fd)
            }
            switch result {
            case .transferred(let count):
                written += count
                consume(count)
            case .wouldBlock:
                return (written, true, false)
            case .endOfFile, .failed:
                return (written, false, true)
            }
        }
        return (written, false, false)
    }

    private func writeVectored(_ fd: Int32) -> IOResult {
        let count = min(chunks.count, 64)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            // Native arrays keep their storage in place while unmutated, and `chunks` is not
            // touched until writev returns, so these addresses stay valid for the call.
            for index in 0..<count {
                let start = index == 0 ? offset : 0
                chunks[index].withUnsafeBytes { raw in
                    vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + start),
                                           iov_len: raw.count - start)
                }
            }
            return Socket.writev(fd, UnsafeBufferPointer(vectors))
        }
    }

    private mutating func consume(_ count: Int) {
        byteCount -= count
        var remaining = count
        while remaining > 0 {
            let available = chunks[0].count - offset
            if remaining >= available {
                remaining -= available
                chunks.removeFirst()
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
        if chunks.isEmpty {
            lastChunkOwned = false
        }
    }
}
