// UTCTimestamp: ISO-8601 UTC text with milliseconds, appended straight into a log line's bytes.

import LoomCore

/// Formats wall-clock instants as `2026-11-29T04:01:47.123Z`.
///
/// Used for log lines (one per record, so it appends into a byte buffer instead of building
/// strings) and anywhere else an ISO-8601 timestamp is shown, such as `/health`.
public enum UTCTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` for `wallNanoseconds` since the Unix epoch (truncated to ms).
    public static func format(wallNanoseconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(wallNanoseconds: wallNanoseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the same text as `format(wallNanoseconds:)` to `buffer`.
    public static func append(wallNanoseconds: Int64, to buffer: inout [UInt8]) {
        UTCDateTime(unixNanoseconds: wallNanoseconds).appendISO8601(to: &buffer, milliseconds: true)
    }
}
