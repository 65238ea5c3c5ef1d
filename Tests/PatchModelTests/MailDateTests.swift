import Foundation
import Testing

@testable import PatchModel

@Suite struct MailDateTests {
    @Test func plainDateWithWeekday() throws {
        let date = try #require(MailDate(rfc2822: "Tue, 25 Jul 2023 23:42:02 +1000"))
        #expect(date.utcOffsetMinutes == 600)
        #expect(date.secondsSinceEpoch == 1_690_292_522)
        #expect(date.iso8601 == "2023-07-25T23:42:02+10:00")
        #expect(date.rfc2822 == "Tue, 25 Jul 2023 23:42:02 +1000")
    }

    @Test func variants() throws {
        let reference = try #require(MailDate(rfc2822: "Fri, 07 Jul 2023 17:14:22 +1000"))
        for text in [
            "Fri,  7 Jul 2023 17:14:22 +1000",
            "7 Jul 2023 17:14:22 +1000",
            "Fri, 7 Jul 23 17:14:22 +1000",
            "Fri, 7 Jul 2023 17:14:22 +1000 (AEST)",
            "Fri , 7 jul 2023   17:14:22   +1000",
            "Friday, 7 July 2023 17:14:22 +1000",
            "Fri, Jul 7 2023 17:14:22 +1000",
            "(comment) Fri, 7 Jul 2023 17:14:22+1000",
        ] {
            #expect(MailDate(rfc2822: text) == reference, "\(text)")
            #expect(MailDate(rfc2822: text)?.utcOffsetMinutes == 600, "\(text)")
        }
    }

    @Test func obsoleteZones() throws {
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57 GMT")?.iso8601 == "2023-07-19T03:14:57+00:00")
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57 UT")?.utcOffsetMinutes == 0)
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57 EST")?.iso8601 == "2023-07-19T03:14:57-05:00")
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57 PDT")?.utcOffsetMinutes == -420)
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57 CEST")?.utcOffsetMinutes == 0)
        #expect(MailDate(rfc2822: "Wed, 19 Jul 2023 03:14:57")?.utcOffsetMinutes == 0)
        let ist = try #require(MailDate(rfc2822: "Wed, 19 Jul 2023 08:34:19 +0530"))
        #expect(ist.iso8601 == "2023-07-19T08:34:19+05:30")
        #expect(ist.rfc2822 == "Wed, 19 Jul 2023 08:34:19 +0530")
        let west = try #require(MailDate(rfc2822: "Tue, 18 Jul 2023 14:57:12 -0300"))
        #expect(west.rfc2822 == "Tue, 18 Jul 2023 14:57:12 -0300")
        #expect(ist.secondsSinceEpoch - west.secondsSinceEpoch == 9 * 3600 + 7 * 60 + 7)
    }

    @Test func sameInstantInDifferentZonesCompareEqualInTime() throws {
        let a = try #require(MailDate(rfc2822: "Tue, 18 Jul 2023 17:56:14 +1000"))
        let b = try #require(MailDate(rfc2822: "Tue, 18 Jul 2023 07:56:14 +0000"))
        #expect(a.secondsSinceEpoch == b.secondsSinceEpoch)
        #expect(a != b)
        #expect(!(a < b) && !(b < a))
    }

    @Test func twoDigitYears() {
        #expect(MailDate(rfc2822: "1 Jan 99 00:00:00 +0000")?.iso8601 == "1999-01-01T00:00:00+00:00")
        #expect(MailDate(rfc2822: "1 Jan 49 00:00:00 +0000")?.iso8601 == "2049-01-01T00:00:00+00:00")
        #expect(MailDate(rfc2822: "1 Jan 103 00:00:00 +0000")?.iso8601 == "2003-01-01T00:00:00+00:00")
    }

    @Test func calendarEdges() throws {
        #expect(MailDate(rfc2822: "Thu, 1 Jan 1970 00:00:00 +0000")?.secondsSinceEpoch == 0)
        #expect(MailDate(rfc2822: "Thu, 1 Jan 1970 00:00:00 +0100")?.secondsSinceEpoch == -3600)
        #expect(MailDate(rfc2822: "Thu, 1 Jan 1970 00:00:00 +0100")?.rfc2822 == "Thu, 1 Jan 1970 00:00:00 +0100")
        #expect(MailDate(rfc2822: "Wed, 31 Dec 1969 23:59:59 +0000")?.secondsSinceEpoch == -1)
        #expect(MailDate(rfc2822: "Thu, 29 Feb 2024 12:00:00 +0000")?.rfc2822 == "Thu, 29 Feb 2024 12:00:00 +0000")
        #expect(MailDate(rfc2822: "Tue, 29 Feb 2000 12:00:00 +0000") != nil)
        #expect(MailDate(rfc2822: "29 Feb 2023 12:00:00 +0000") == nil)
        #expect(MailDate(rfc2822: "29 Feb 1900 12:00:00 +0000") == nil)
        #expect(MailDate(rfc2822: "Fri, 31 Dec 2038 23:59:59 -1200")?.iso8601 == "2038-12-31T23:59:59-12:00")
        // The weekday is recomputed, not copied.
        #expect(MailDate(rfc2822: "Mon, 25 Jul 2023 23:42:02 +1000")?.rfc2822 == "Tue, 25 Jul 2023 23:42:02 +1000")
        // Every day over a few centuries survives the round trip.
        for days in stride(from: Int64(-80_000), through: 80_000, by: 367) {
            let date = MailDate(secondsSinceEpoch: days * 86_400 + 3_723, utcOffsetMinutes: 90)
            #expect(MailDate(rfc2822: date.rfc2822) == date)
        }
    }

    @Test func rejectsGarbage() {
        for text in [
            "", "yesterday", "Tue, 25 Foo 2023 23:42:02 +1000", "Tue, 32 Jul 2023 23:42:02 +1000",
            "Tue, 25 Jul 2023 24:00:00 +1000", "Tue, 25 Jul 2023 23:61:00 +1000", "Tue, 25 Jul 2023 23:42:02 +10",
            "Tue, 25 Jul 2023 23:42:02 +1099", "Tue, 25 Jul 12023 23:42:02 +1000", "Tue, 25 Jul 2023 2:3:4:5 +0000",
            "Tue, 0 Jul 2023 23:42:02 +1000", "25 Jul", "Tue, 25 Jul 2023 23:42:02 +1000x",
        ] {
            #expect(MailDate(rfc2822: text) == nil, "\(text)")
        }
    }

    /// ISO 8601 text against Foundation's calendar, over dates from 1900 to 2100 and offsets on
    /// both sides of UTC (half hours, the extremes), and years the digit-by-digit writing leaves to
    /// the composed text.
    @Test func iso8601AgreesWithTheCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        let offsets = [0, 60, -60, 330, -570, 600, 765, -720, 840, 1, -1]
        for index in 0..<2_000 {
            let seconds = Int64(next() % 6_311_433_600) - 2_208_988_800  // 1900 to 2100
            let offset = offsets[index % offsets.count]
            let date = MailDate(secondsSinceEpoch: seconds, utcOffsetMinutes: offset)
            calendar.timeZone = try #require(TimeZone(secondsFromGMT: offset * 60))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", parts.year!, parts.month!, parts.day!,
                                  parts.hour!, parts.minute!, parts.second!, offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
            #expect(date.iso8601 == expected, "\(seconds) \(offset)")
        }
        #expect(MailDate(secondsSinceEpoch: -62_198_755_200, utcOffsetMinutes: 0).iso8601 == "-0001-01-01T00:00:00+00:00")
        #expect(MailDate(secondsSinceEpoch: 253_402_300_800, utcOffsetMinutes: 0).iso8601 == "10000-01-01T00:00:00+00:00")
    }
}
