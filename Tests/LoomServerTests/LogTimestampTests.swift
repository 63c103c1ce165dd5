// LogTimestampTests: ISO-8601 UTC formatting of known instants, including leap days and year boundaries.

import LoomCore
import Testing
@testable import LoomServer

@Suite("UTCTimestamp")
struct LogTimestampTests {
    private func text(milliseconds: Int64, extraNanoseconds: Int64 = 0) -> String {
        UTCTimestamp.format(wallNanoseconds: milliseconds * 1_000_000 + extraNanoseconds)
    }

    @Test func epoch() {
        #expect(text(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    }

    @Test func exampleFromTheSpecification() {
        #expect(text(milliseconds: 1_795_924_907_123) == "2026-11-29T04:01:47.123Z")
    }

    @Test func manualClockDefaultIsNewYear2026() {
        #expect(UTCTimestamp.format(wallNanoseconds: 1_767_225_600_000_000_000) == "2026-01-01T00:00:00.000Z")
    }

    @Test func leapDayAndTheDayAfter() {
        #expect(text(milliseconds: 1_709_251_199_999) == "2024-02-29T23:59:59.999Z")
        #expect(text(milliseconds: 1_709_251_200_000) == "2024-03-01T00:00:00.000Z")
        // 2000 is a leap year (divisible by 400); 2100 is not (divisible by 100).
        #expect(text(milliseconds: 951_825_600_000) == "2000-02-29T12:00:00.000Z")
        #expect(text(milliseconds: 4_107_456_000_000 + 86_400_000) == "2100-03-01T00:00:00.000Z")
    }

    @Test func yearBoundaries() {
        #expect(text(milliseconds: 946_684_799_999) == "1999-12-31T23:59:59.999Z")
        #expect(text(milliseconds: 946_684_800_000) == "2000-01-01T00:00:00.000Z")
        #expect(text(milliseconds: 1_767_225_599_999) == "2025-12-31T23:59:59.999Z")
    }

    @Test func subMillisecondsAreTruncatedNotRounded() {
        #expect(text(milliseconds: 1_795_924_907_123, extraNanoseconds: 999_999) == "2026-11-29T04:01:47.123Z")
    }

    @Test func instantsBeforeTheEpoch() {
        #expect(UTCTimestamp.format(wallNanoseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(text(milliseconds: -2_208_988_800_000) == "1900-01-01T00:00:00.000Z")
    }

    @Test func extremesOfInt64() {
        #expect(UTCTimestamp.format(wallNanoseconds: .max) == "2262-04-11T23:47:16.854Z")
        #expect(UTCTimestamp.format(wallNanoseconds: .min) == "1677-09-21T00:12:43.145Z")
    }

    @Test func calendarAgreesWithADayByDayWalk() {
        // Walk every day from 1968 to 2104 and check the date advances one calendar day at a time.
        var (year, month, day): (Int64, Int64, Int64) = (1968, 1, 1)
        func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][Int(month - 1)]
        }
        for days in Int64(-731)...Int64(49_000) {
            let time = UTCDateTime(unixNanoseconds: days * 86_400 * 1_000_000_000)
            let civil = (Int64(time.year), Int64(time.month), Int64(time.day))
            #expect(civil == (year, month, day), "day \(days)")
            if civil != (year, month, day) { return }
            day += 1
            if day > daysInMonth(year, month) { day = 1; month += 1 }
            if month > 12 { month = 1; year += 1 }
        }
    }
}
