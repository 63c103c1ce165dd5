// RetryHint: reads how long a rate-limited (or overloaded) provider asked us to wait from its response headers.

/// Parsing of the wait a server asks for, in order of precedence:
///
/// 1. `retry-after-ms` (milliseconds; Azure OpenAI and OpenAI's SDKs use it),
/// 2. `Retry-After` (RFC 9110: delay-seconds or an HTTP-date; OpenAI and Anthropic send seconds),
/// 3. OpenAI's `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` (Go-style durations such
///    as `20ms`, `1s`, `6m0s`), for whichever limit the matching `x-ratelimit-remaining-*` says is
///    spent, so a token-limit 429 waits for the token window and not the request window.
public enum RetryHint {
    /// The requested wait, or nil when the headers give none (or none that parses).
    ///
    /// - Parameter wallNanoseconds: now on the wall clock, to turn an HTTP-date into a delay.
    public static func delay(header: (String) -> String?, wallNanoseconds: Int64) -> Duration? {
        if let text = header("retry-after-ms"), let milliseconds = Double(trimmed(text)), milliseconds >= 0 {
            return clampedDuration(seconds: milliseconds / 1000)
        }
        if let text = header("retry-after") {
            let value = trimmed(text)
            if let seconds = Double(value), seconds >= 0 { return clampedDuration(seconds: seconds) }
            if let date = httpDateSeconds(value) {
                let delta = date - wallNanoseconds / 1_000_000_000
                return .seconds(max(delta, 0))
            }
        }
        var longest: Duration?
        for limit in ["requests", "tokens"] {
            guard header("x-ratelimit-remaining-\(limit)").map(trimmed) == "0",
                  let reset = header("x-ratelimit-reset-\(limit)").flatMap({ goDuration(trimmed($0)) }) else { continue }
            longest = max(longest ?? .zero, reset)
        }
        return longest
    }

    /// Parses a Go `time.Duration` string as OpenAI prints it: `1h2m3.5s`, `250ms`, `6m0s`.
    public static func goDuration(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("us", 0.000_001), ("µs", 0.000_001), ("ns", 1e-9),
                                                           ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            // Two-letter units first, so `ms` is not read as `m` followed by garbage.
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return nil }
            rest = rest.dropFirst(unit.suffix.count)
            total += value * unit.seconds
        }
        return clampedDuration(seconds: total)
    }

    /// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only
    /// HTTP-date form senders may generate (RFC 9110 §5.6.7); the obsolete forms yield nil and the
    /// caller falls back to its own backoff.
    public static func httpDateSeconds(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let monthIndex = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
              (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A duration from untrusted seconds: `inf` or absurd values would trap in `Int64(_:)`, and
    /// anything past a day is as good as "not within this call" anyway.
    private static func clampedDuration(seconds: Double) -> Duration {
        guard seconds.isFinite else { return .seconds(86_400) }
        return .nanoseconds(Int64(min(max(seconds, 0), 86_400) * 1_000_000_000))
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
