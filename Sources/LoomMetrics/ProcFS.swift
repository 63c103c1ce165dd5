// ProcFS: small blocking readers for /proc files and directories, without Foundation.

#if canImport(Glibc)
import Glibc
#endif

/// Raw access to procfs. These are blocking calls, but procfs is served from kernel memory and
/// answers in microseconds, so calling them at scrape time on any thread is fine.
enum ProcFS {
    /// The whole content of `path`, or `nil` if it cannot be opened or read.
    ///
    /// procfs files report size 0 in `stat`, so read until end of file instead of sizing up front.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// The number of entries in directory `path`, not counting `.` and `..`, or `nil` on error.
    static func countEntries(_ path: String) -> Int? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDotOrDotDot = withUnsafeBytes(of: &entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".")
                    && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotOrDotDot { count += 1 }
        }
        return count
    }

    /// `sysconf(name)` or `fallback` when the system does not say.
    static func sysconf(_ name: Int32, fallback: Int) -> Int {
        let value = Glibc.sysconf(name)
        return value > 0 ? value : fallback
    }

    /// Clock ticks per second: the unit of the CPU and start times in `/proc/self/stat`.
    static let clockTicksPerSecond = sysconf(Int32(_SC_CLK_TCK), fallback: 100)

    /// Bytes per page: the unit of resident set sizes in `/proc/self/stat` and `statm`.
    static let pageSize = sysconf(Int32(_SC_PAGESIZE), fallback: 4096)
}
