// Settings+Process: the real inputs to `Settings.load`: this process's environment, directory and files.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore

extension Settings {
    /// Loads settings from this process's environment, current directory and file system.
    ///
    /// - Throws: `SettingsError` listing every invalid variable.
    public static func loadFromProcess() throws -> Settings {
        try load(environment: processEnvironment(), workingDirectory: currentDirectory(),
                 readFile: { try readTextFile(atPath: $0) })
    }

    /// The process environment, read from `/proc/self/environ` (Linux) so no shared mutable C
    /// global is touched from Swift 6 code. Empty if it cannot be read.
    public static func processEnvironment() -> [String: String] {
        guard let text = try? readTextFile(atPath: "/proc/self/environ") else { return [:] }
        var environment: [String: String] = [:]
        for entry in text.split(separator: "\0") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            let name = String(entry[..<equals])
            // As getenv(3) does, the first definition of a repeated name wins.
            if environment[name] == nil { environment[name] = String(entry[entry.index(after: equals)...]) }
        }
        return environment
    }

    /// The current working directory, or `"."` if it cannot be determined.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Reads a whole file as UTF-8 (invalid bytes replaced), for `.env` and `X_FILE` secrets.
    ///
    /// - Throws: `SystemError` from `open` or `read`; `ENOENT` when the file does not exist.
    public static func readTextFile(atPath path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError.last("open") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw SystemError.last("read")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
