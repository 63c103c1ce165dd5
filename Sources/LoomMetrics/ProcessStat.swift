// ProcessStat: the fields Loom needs from /proc/<pid>/stat, parsed by a pure function.

/// The subset of `/proc/<pid>/stat` (see proc(5)) behind the standard `process_*` metrics.
///
/// Times are in clock ticks (`sysconf(_SC_CLK_TCK)`), the start time counts from boot.
struct ProcessStat: Equatable, Sendable {
    /// User-mode CPU time (field 14).
    var userTicks: UInt64
    /// Kernel-mode CPU time (field 15).
    var systemTicks: UInt64
    /// Start time after boot (field 22).
    var startTicks: UInt64
    /// Virtual memory size in bytes (field 23).
    var virtualBytes: UInt64
    /// Resident set size in pages (field 24).
    var residentPages: UInt64

    /// Parses the text of a `/proc/<pid>/stat` file, or returns `nil` if it is malformed.
    static func parse(_ text: String) -> ProcessStat? {
        parse(Array(text.utf8))
    }

    /// Parses the bytes of a `/proc/<pid>/stat` file, or returns `nil` if it is malformed.
    ///
    /// Field 2 is the command name in parentheses, and the name is chosen by the process
    /// (`prctl(PR_SET_NAME)`), so it may contain spaces and parentheses of its own: `1 (a) (b) S …`.
    /// The kernel never escapes it, so the only reliable split is after the *last* `)`; every field
    /// after it is a plain number or the one-letter state.
    static func parse(_ bytes: [UInt8]) -> ProcessStat? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Fields after the comm, numbered from 3 (state). We need up to field 24.
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(24)
        var start: Int? = nil
        var index = close + 1
        while index <= bytes.count, fields.count < 22 {
            let isSeparator = index == bytes.count || bytes[index] == UInt8(ascii: " ")
                || bytes[index] == UInt8(ascii: "\n")
            if isSeparator {
                if let s = start { fields.append(bytes[s..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index += 1
        }
        // proc(5) field n is fields[n - 3].
        func field(_ n: Int) -> UInt64? {
            n - 3 < fields.count ? ProcText.decimal(fields[n - 3]) : nil
        }
        guard let utime = field(14), let stime = field(15), let starttime = field(22),
              let vsize = field(23), let rss = field(24)
        else { return nil }
        return ProcessStat(
            userTicks: utime, systemTicks: stime, startTicks: starttime,
            virtualBytes: vsize, residentPages: rss)
    }
}
