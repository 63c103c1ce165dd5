// ProcessRunner: runs a program (git) with arguments, no shell, and collects its output.

#if canImport(Glibc)
import Glibc
#endif

/// A finished child process.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: String
}

/// Spawns programs with `posix_spawnp` and an argument vector — never through a shell, so no
/// argument (a ref, a path) is ever interpreted as shell syntax.
public enum ProcessRunner {
    /// Runs `program arguments…` and waits for it. (For git, pass `-C <directory>` to pick the repository.)
    public static func run(_ program: String, _ arguments: [String]) throws -> ProcessOutput {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw ProcessRunnerError("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, outPipe[0])
        posix_spawn_file_actions_addclose(&actions, errPipe[0])
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessRunnerError("cannot run \(program): \(String(cString: strerror(spawned)))")
        }
        // Read both pipes to the end alternately via poll, so a chatty stderr cannot block stdout.
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), -1) >= 0 || errno == EINTR else { break }
            for descriptor in descriptors where descriptor.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if descriptor.fd == outPipe[0] { output += buffer[0..<count] } else { errors += buffer[0..<count] }
                } else if count == 0 || errno != EINTR {
                    close(descriptor.fd)
                    open.removeAll { $0 == descriptor.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessOutput(status: exitCode, standardOutput: output, standardError: String(decoding: errors, as: UTF8.self))
    }
}

/// A child process could not be started.
public struct ProcessRunnerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
