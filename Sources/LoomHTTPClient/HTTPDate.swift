// HTTPDate: parses the three HTTP-date forms (RFC 9110 §5.6.7) into Unix seconds, for Retry-After.

/// HTTP-date parsing without Foundation. Senders must use IMF-fixdate, but recipients are asked
/// to accept the two obsolete forms as well, so all three are read.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since the Unix epoch for `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate),
    /// `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime);
    /// nil for anything else.
    static func parse(_ text: String) -> Int64? {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        guard tokens.count >= 5 else { return nil }
        let day: Int?, month: Int?, year: Int?, time: String
        if let parsedDay = Int(tokens[1]) {
            // IMF-fixdate and RFC 850: weekday, day, month, year, time, "GMT".
            guard tokens.count == 6, tokens[5] == "GMT" else { return nil }
            (day, month, time) = (parsedDay, monthNumber(tokens[2]), tokens[4])
            year = Int(tokens[3]).map { tokens[3].count == 2 ? twoDigitYear($0) : $0 }
        } else {
            // asctime: weekday, month, day, time, year.
            guard tokens.count == 5 else { return nil }
            (day, month, year, time) = (Int(tokens[2]), monthNumber(tokens[1]), Int(tokens[4]), tokens[3])
        }
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day, let month, let year, clock.count == 3, (1...31).contains(day),
              (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2]) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return days * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    private static func monthNumber(_ name: String) -> Int? {
        months.firstIndex(of: name.lowercased()).map { $0 + 1 }
    }

    /// RFC 850's two-digit years: 70–99 are the 1900s, the rest this century (good until 2070).
    private static func twoDigitYear(_ value: Int) -> Int { value >= 70 ? 1900 + value : 2000 + value }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * ((month + 9) % 12) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
