// UTCDateTime: civil UTC date and time from Unix time, formatted for HTTP dates, logs and JSON.

/// A UTC calendar date and time, computed without Foundation (Howard Hinnant's civil-from-days).
public struct UTCDateTime: Equatable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    /// 1...31
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int

    /// Breaks down `unixNanoseconds` (nanoseconds since 1970-01-01T00:00:00Z).
    public init(unixNanoseconds: Int64) {
        let totalMilliseconds = unixNanoseconds / 1_000_000 - (unixNanoseconds % 1_000_000 < 0 ? 1 : 0)
        var seconds = totalMilliseconds / 1000
        var milliseconds = totalMilliseconds % 1000
        if milliseconds < 0 { milliseconds += 1000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        self.init(daysSinceEpoch: Int(days), secondOfDay: Int(secondOfDay), millisecond: Int(milliseconds))
    }

    private init(daysSinceEpoch days: Int, secondOfDay: Int, millisecond: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        self.millisecond = millisecond
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
    }

    /// `2026-11-29T04:01:47.123Z`
    public var iso8601WithMilliseconds: String {
        var bytes: [UInt8] = []
        appendISO8601(to: &bytes, milliseconds: true)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-11-29T04:01:47Z`
    public var iso8601: String {
        var bytes: [UInt8] = []
        appendISO8601(to: &bytes, milliseconds: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ISO-8601 UTC text straight into `bytes` (log lines and JSON bodies build
    /// their output this way, without intermediate strings).
    public func appendISO8601(to bytes: inout [UInt8], milliseconds: Bool) {
        bytes.reserveCapacity(bytes.count + 24)
        Self.appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendDigits(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.appendDigits(hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDigits(minute, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.appendDigits(second, width: 2, to: &bytes)
        if milliseconds {
            bytes.append(UInt8(ascii: "."))
            Self.appendDigits(millisecond, width: 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Zero-padded decimal digits (a leading `-` for negative years).
    private static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var value = value
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            value = -value
        }
        var divisor = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }

    /// The IMF-fixdate of HTTP `Date` headers: `Sun, 29 Nov 2026 04:01:47 GMT`.
    public var httpDate: String {
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[weekday]), \(pad(day, 2)) \(months[month - 1]) \(pad(year, 4)) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)) GMT"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
