// DateHeaderCache: the `Date:` header line, formatted once per second per loop.

import LoomCore

/// Formatting a date per response would cost more than the rest of `/health`; the header only
/// changes once a second, so each loop keeps the current line and refreshes it when stale.
struct DateHeaderCache {
    private var second: Int64 = -1
    private(set) var line: [UInt8] = []

    /// The `Date: …\r\n` line for the wall-clock time `unixNanoseconds`.
    mutating func line(at unixNanoseconds: Int64) -> [UInt8] {
        let current = unixNanoseconds / 1_000_000_000
        if current != second {
            second = current
            line = Array("Date: \(UTCDateTime(unixNanoseconds: unixNanoseconds).httpDate)\r\n".utf8)
        }
        return line
    }
}
