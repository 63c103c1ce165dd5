// LogSinkTests: lines written concurrently through the stderr sink arrive whole, even past PIPE_BUF.

#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LoomServer

@Suite("StandardErrorLogSink")
struct LogSinkTests {
    /// Drains a pipe on its own pthread, so writers blocked on a full pipe always make progress
    /// whatever the cooperative thread pool is doing.
    private final class PipeReader: @unchecked Sendable {
        let descriptor: Int32
        var bytes: [UInt8] = []  // touched only by the reader thread until it is joined

        init(descriptor: Int32) { self.descriptor = descriptor }

        func start() -> pthread_t {
            var thread = pthread_t()
            let argument = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { raw in
                let reader = Unmanaged<PipeReader>.fromOpaque(raw!).takeRetainedValue()
                var chunk = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(reader.descriptor, $0.baseAddress, $0.count) }
                    if count > 0 { reader.bytes += chunk[..<count] } else if count == 0 || errno != EINTR { break }
                }
                return nil
            }, argument)
            precondition(status == 0, "pthread_create failed")
            return thread
        }
    }

    @Test func concurrentLongLinesDoNotInterleave() async throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let reader = PipeReader(descriptor: descriptors[0])
        let thread = reader.start()
        let sink = StandardErrorLogSink(fileDescriptor: descriptors[1])
        let writers = 8, linesPerWriter = 40, lineLength = 10_000  // well past PIPE_BUF (4096)

        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let body = [UInt8](repeating: UInt8(ascii: "a") + UInt8(writer), count: lineLength) + [UInt8(ascii: "\n")]
                    for index in 0..<linesPerWriter {
                        sink.write(line: Array("w\(writer)-\(index):".utf8) + body)
                    }
                }
            }
        }
        close(descriptors[1])
        pthread_join(thread, nil)
        close(descriptors[0])

        // memcmp rather than element-wise comparison, which is slow over megabytes in debug builds.
        let lines = reader.bytes.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == writers * linesPerWriter)
        var seen = Set<String>()
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), line.first == UInt8(ascii: "w") else {
                Issue.record("malformed line")
                continue
            }
            let label = String(decoding: line[..<colon], as: UTF8.self)
            let body = line[(colon + 1)...]
            let fill = UInt8(ascii: "a") + UInt8(label.dropFirst().prefix { $0 != "-" })!
            let expected = [UInt8](repeating: fill, count: lineLength)
            let intact = body.count == lineLength && body.withUnsafeBytes { actual in
                expected.withUnsafeBytes { memcmp(actual.baseAddress!, $0.baseAddress!, lineLength) == 0 }
            }
            #expect(intact, "line \(label) was interleaved")
            seen.insert(label)
        }
        #expect(seen.count == writers * linesPerWriter)
    }
}
