/// A person as mail names them: `Name <address>`.
public struct Person: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// `Name <address>`, or the bare address when there is no name.
    public var formatted: String { name.isEmpty ? email : "\(name) <\(email)>" }
}

/// A point in time with the sender's own UTC offset, as a `Date:` header gives it.
public struct MailDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64
    /// The sender's offset from UTC in minutes (`+1000` is 600).
    public var utcOffsetMinutes: Int

    public init(secondsSinceEpoch: Int64, utcOffsetMinutes: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public static func < (lhs: MailDate, rhs: MailDate) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }
}

/// A trailer line: `Key: value`, such as `Reviewed-by: Name <addr>` or `Fixes: 1234abcd ("...")`.
public struct Trailer: Sendable, Hashable, Codable {
    /// The key as written (`Reviewed-by`); compare with `normalizedKey`.
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The key in lower case, for comparisons (`reviewed-by`).
    public var normalizedKey: String { key.lowercased() }
}

/// A trailer received in a reply: which reply carried it.
public struct ReceivedTrailer: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    /// The Message-ID of the reply that gave it.
    public var from: String

    public init(_ trailer: Trailer, from messageID: String) {
        key = trailer.key
        value = trailer.value
        from = messageID
    }

    public var trailer: Trailer { Trailer(key: key, value: value) }
}
