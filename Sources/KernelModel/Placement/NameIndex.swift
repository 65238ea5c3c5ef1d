/// A table by C name kept in buckets: a state made from the previous one by replacing a few files
/// (one per commit of a long range) copies only the buckets of the names those files define, not the
/// whole tree's index, and frees as little when it goes.
public struct NameIndex<Value: Sendable>: Sendable, Sequence {
    private static var bucketCount: Int { 64 }
    private var buckets: [[String: Value]]

    public init() { buckets = Array(repeating: [:], count: Self.bucketCount) }

    public init(_ dictionary: [String: Value]) {
        self.init()
        for (name, value) in dictionary { self[name] = value }
    }

    /// FNV-1a over the name's bytes: cheaper than a second SipHash, and names spread well enough.
    private static func bucket(_ name: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(bucketCount))
    }

    public subscript(name: String) -> Value? {
        get { buckets[Self.bucket(name)][name] }
        set { buckets[Self.bucket(name)][name] = newValue }
    }

    /// Changes the value of `name` in place (`nil`: absent).
    public mutating func modify<Result>(_ name: String, _ body: (inout Value?) -> Result) -> Result {
        body(&buckets[Self.bucket(name)][name])
    }

    public var keys: [String] { buckets.flatMap(\.keys) }

    public func makeIterator() -> FlattenSequence<[[String: Value]]>.Iterator { buckets.joined().makeIterator() }
}
