// LoomProcess: runs the built `loom` executable as a child process, for end-to-end tests.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
public import LoomReactor

/// A `loom` subprocess with captured output.
public final class LoomProcess: @unchecked Sendable {
    private let process: Process
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()

    /// The `loom` binary built next to the test bundle.
    public static var executablePath: String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("loom").path
    }

    /// Starts `loom arguments…` with exactly `environment` (plus PATH), in `directory`.
    public init(_ arguments: [String], environment: [String: String], directory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath)
        process.arguments = arguments
        var environment = environment
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stdoutData.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.stderrData.append(data) }
        }
        try process.run()
    }

    public var standardOutput: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }
    public var standardError: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// Waits for the process to exit; returns its status, or nil after `timeout` seconds.
    public func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        guard !process.isRunning else { return nil }
        usleep(20_000)  // let the output handlers drain
        return process.terminationStatus
    }

    /// Sends a signal.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// The address from the "loom listening" log line, once it appears.
    public func waitForListeningAddress(timeout: Double = 10) -> SocketAddress? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for line in standardError.split(separator: "\n") where line.contains("loom listening") {
                guard let range = line.range(of: "\"address\":\""),
                      let end = line[range.upperBound...].firstIndex(of: "\"") else { continue }
                let text = line[range.upperBound..<end]
                guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { continue }
                return SocketAddress(host: "127.0.0.1", port: port)
            }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// A fresh temporary directory.
public func makeTemporaryDirectory(_ prefix: String = "loom-test") -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
}
