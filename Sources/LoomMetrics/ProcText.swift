// ProcText: pure parsers for the line-oriented /proc formats (`/proc/stat`, `status`, `statm`).

/// Pure functions over the text of procfs files, so they can be tested on crafted input.
enum ProcText {
    /// The boot time in seconds since the Unix epoch: the `btime` line of `/proc/stat`.
    static func bootTime(procStat bytes: [UInt8]) -> UInt64? {
        value(ofKey: Array("btime".utf8), in: bytes)
    }

    /// A `kB` field of `/proc/<pid>/status` (such as `VmHWM` or `VmRSS`), in bytes.
    static func statusBytes(_ key: String, status bytes: [UInt8]) -> UInt64? {
        value(ofKey: Array((key + ":").utf8), in: bytes).map { $0 * 1024 }
    }

    /// The resident set size in pages: the second number of `/proc/<pid>/statm`.
    static func statmResidentPages(_ bytes: [UInt8]) -> UInt64? {
        let fields = bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
        return fields.count >= 2 ? decimal(fields[1]) : nil
    }

    /// The first number after `key` on the line that starts with `key` (a whole word, so `btime`
    /// does not match `btimex`), skipping spaces and tabs.
    static func value(ofKey key: [UInt8], in bytes: [UInt8]) -> UInt64? {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard line.starts(with: key) else { continue }
            let rest = line.dropFirst(key.count)
            guard let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")
                || key.last == UInt8(ascii: ":")
            else { continue }
            let number = rest.drop(while: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                .prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            return decimal(number)
        }
        return nil
    }

    /// The unsigned decimal number spelled by `digits`, or `nil` if it is empty, has a non-digit or
    /// overflows. A leading `-` (the kernel prints some fields signed) reads as zero: none of the
    /// quantities parsed here can be negative, and a bogus negative must not become a huge value.
    static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        if digits.first == UInt8(ascii: "-") {
            return decimal(digits.dropFirst()).map { _ in 0 }
        }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }
}
