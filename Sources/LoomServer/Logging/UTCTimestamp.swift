// UTCTimestamp: ISO-8601 UTC text with milliseconds from epoch nanoseconds, without Foundation.

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
        // Floor division so instants before 1970 land on the right day and millisecond.
        let milliseconds = floorDivide(wallNanoseconds, 1_000_000)
        let seconds = floorDivide(milliseconds, 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        appendDigits(year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendDigits(milliseconds - seconds * 1000, width: 3, to: &buffer)
        buffer.append(UInt8(ascii: "Z"))
    }

    /// Proleptic Gregorian (year, month, day) for a count of days since 1970-01-01.
    ///
    /// Howard Hinnant's `civil_from_days`: shift the year to start in March so the leap day is
    /// the last day of the year, then split into 400-year eras of exactly 146 097 days.
    public static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    /// Zero-padded decimal digits, written in place so a log line costs no extra allocations.
    private static func appendDigits(_ value: Int64, width: Int, to buffer: inout [UInt8]) {
        var value = value
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            value = -value
        }
        var divisor: Int64 = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }
}
