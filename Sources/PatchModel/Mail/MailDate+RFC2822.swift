extension MailDate {
    /// Reads a `Date:` value: `Tue, 25 Jul 2023 23:42:02 +1000`, with or without the weekday, with
    /// comments such as `(CEST)`, two-digit years, obsolete zone names (`GMT`, `EST`), single-digit
    /// days and extra blanks. A missing zone is UTC.
    public init?(rfc2822 text: String) {
        var tokens = MailDate.tokens(Array(text.utf8))
        guard !tokens.isEmpty else { return nil }
        if MailDate.isAlphabetic(tokens[0]), MailDate.month(tokens[0]) == nil { tokens.removeFirst() }
        guard tokens.count >= 3 else { return nil }

        let day: Int
        let month: Int
        if let number = MailDate.number(tokens[0]), let named = MailDate.month(tokens[1]) {
            (day, month) = (number, named)
        } else if let named = MailDate.month(tokens[0]), let number = MailDate.number(tokens[1]) {
            (day, month) = (number, named)
        } else {
            return nil
        }
        guard var year = MailDate.number(tokens[2]), tokens[2].count <= 4 else { return nil }
        switch tokens[2].count {
        case 1, 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        default: break
        }

        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        var rest = tokens.dropFirst(3)
        if let time = rest.first, time.contains(UInt8(ascii: ":")) {
            rest = rest.dropFirst()
            let fields = time.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard fields.count == 2 || fields.count == 3, fields.allSatisfy({ (1...2).contains($0.count) }),
                let parsedHour = MailDate.number(fields[0]), let parsedMinute = MailDate.number(fields[1])
            else { return nil }
            hour = parsedHour
            minute = parsedMinute
            if fields.count == 3 {
                guard let parsedSecond = MailDate.number(fields[2]) else { return nil }
                second = parsedSecond
            }
        }
        if let zone = rest.first {
            guard let minutes = MailDate.zoneOffset(zone) else { return nil }
            offset = minutes
        }
        guard (1...12).contains(month), (1...MailDate.daysIn(month: month, year: year)).contains(day),
            (0...9999).contains(year), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }

        let days = MailDate.daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(secondsSinceEpoch: local - Int64(offset) * 60, utcOffsetMinutes: offset)
    }

    /// `2023-07-25T23:42:02+10:00`, in the sender's own offset.
    public var iso8601: String {
        let local = localFields
        let offset = abs(utcOffsetMinutes)
        guard (0...9999).contains(local.year), offset < 100 * 60 else {
            return "\(MailDate.padded(local.year, 4))-\(MailDate.padded(local.month, 2))-\(MailDate.padded(local.day, 2))"
                + "T\(MailDate.padded(local.hour, 2)):\(MailDate.padded(local.minute, 2)):\(MailDate.padded(local.second, 2))"
                + MailDate.offsetText(utcOffsetMinutes, separator: ":")
        }
        // The common case written digit by digit: a range's JSON gives every commit's date, and
        // joining a dozen small strings cost ~10k instructions a date.
        return String(unsafeUninitializedCapacity: 25) { text in
            var at = 0
            func digits(_ value: Int, _ width: Int) {
                var rest = value
                for place in stride(from: width - 1, through: 0, by: -1) {
                    text[at + place] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                at += width
            }
            func mark(_ byte: UInt8) {
                text[at] = byte
                at += 1
            }
            digits(local.year, 4); mark(UInt8(ascii: "-")); digits(local.month, 2); mark(UInt8(ascii: "-")); digits(local.day, 2)
            mark(UInt8(ascii: "T")); digits(local.hour, 2); mark(UInt8(ascii: ":")); digits(local.minute, 2)
            mark(UInt8(ascii: ":")); digits(local.second, 2)
            mark(utcOffsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")); digits(offset / 60, 2)
            mark(UInt8(ascii: ":")); digits(offset % 60, 2)
            return at
        }
    }

    /// `Tue, 25 Jul 2023 23:42:02 +1000`, in the sender's own offset.
    public var rfc2822: String {
        let local = localFields
        return "\(MailDate.weekdayNames[local.weekday]), \(local.day) \(MailDate.monthNames[local.month - 1]) "
            + "\(MailDate.padded(local.year, 4)) "
            + "\(MailDate.padded(local.hour, 2)):\(MailDate.padded(local.minute, 2)):\(MailDate.padded(local.second, 2)) "
            + MailDate.offsetText(utcOffsetMinutes, separator: "")
    }

    private var localFields: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        let local = secondsSinceEpoch + Int64(utcOffsetMinutes) * 60
        let (days, seconds) = local.quotientAndRemainder(dividingBy: 86_400)
        let dayNumber = seconds < 0 ? days - 1 : days
        let secondOfDay = Int(seconds < 0 ? seconds + 86_400 : seconds)
        let (year, month, day) = MailDate.civilFromDays(dayNumber)
        let weekday = Int(((dayNumber % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, weekday)
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func offsetText(_ minutes: Int, separator: String) -> String {
        (minutes < 0 ? "-" : "+") + padded(abs(minutes) / 60, 2) + separator + padded(abs(minutes) % 60, 2)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day number since 1970-01-01 (`civil_from_days`).
    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Words of the date with comments dropped; commas and blanks separate, and a zone glued to the
    /// time (`23:42:02+1000`) is split off.
    private static func tokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var tokens: [ArraySlice<UInt8>] = []
        var depth = 0
        var start: Int?
        var tokenHasColon = false
        for (index, byte) in bytes.enumerated() {
            let separates = depth > 0 || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
                || byte == 0x0D || byte == 0x0A
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")"), depth > 0 { depth -= 1 }
            let signAfterTime = (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && tokenHasColon
            if separates || signAfterTime {
                if let begin = start { tokens.append(bytes[begin..<index]) }
                start = separates ? nil : index
                tokenHasColon = false
            } else if start == nil {
                start = index
            }
            if !separates, byte == UInt8(ascii: ":") { tokenHasColon = true }
        }
        if let begin = start { tokens.append(bytes[begin...]) }
        return tokens
    }

    private static func number(_ token: ArraySlice<UInt8>) -> Int? {
        guard !token.isEmpty, token.count <= 9 else { return nil }
        var value = 0
        for byte in token {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isAlphabetic(_ token: ArraySlice<UInt8>) -> Bool {
        token.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || $0 == UInt8(ascii: ".") }
    }

    private static func lowercased(_ token: ArraySlice<UInt8>) -> String {
        String(decoding: token.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    private static func month(_ token: ArraySlice<UInt8>) -> Int? {
        guard token.count >= 3, isAlphabetic(token) else { return nil }
        let word = lowercased(token)
        let prefix = String(word.prefix(3))
        guard let index = monthNames.firstIndex(where: { $0.lowercased() == prefix }) else { return nil }
        return index + 1
    }

    /// `+hhmm`/`-hhmm` in minutes, or an obsolete zone name; unknown names (military letters
    /// included) are UTC, as RFC 5322 says to read them.
    private static func zoneOffset(_ token: ArraySlice<UInt8>) -> Int? {
        if let sign = token.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let digits = token.dropFirst()
            guard digits.count == 4, let value = number(digits), value % 100 < 60 else { return nil }
            let minutes = value / 100 * 60 + value % 100
            return sign == UInt8(ascii: "-") ? -minutes : minutes
        }
        guard isAlphabetic(token) else { return nil }
        switch lowercased(token) {
        case "edt": return -4 * 60
        case "est", "cdt": return -5 * 60
        case "cst", "mdt": return -6 * 60
        case "mst", "pdt": return -7 * 60
        case "pst": return -8 * 60
        default: return 0
        }
    }
}
