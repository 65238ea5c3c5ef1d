/// A state packed into one or two words.
struct PackedState: Hashable {
    var w0: UInt64
    var w1: UInt64

    @inline(__always) func get(_ f: Field) -> UInt64 {
        ((f.word == 0 ? w0 : w1) >> f.shift) & f.mask
    }

    @inline(__always) mutating func set(_ f: Field, _ value: UInt64) {
        let cleared = ~(f.mask << f.shift)
        if f.word == 0 { w0 = (w0 & cleared) | ((value & f.mask) << f.shift) } else {
            w1 = (w1 & cleared) | ((value & f.mask) << f.shift)
        }
    }
}

/// Where a state variable sits in the packed words.
struct Field {
    var word: Int
    var shift: UInt64
    var mask: UInt64
    static let absent = Field(word: 0, shift: 0, mask: 0)
}

/// Allocates fields into two 64-bit words without straddling.
struct FieldAllocator {
    var used = [0, 0]
    var overflow = false

    mutating func take(_ bits: Int) -> Field {
        guard bits > 0 else { return .absent }
        for word in 0..<2 where used[word] + bits <= 64 {
            let field = Field(word: word, shift: UInt64(used[word]), mask: bits == 64 ? ~0 : (1 << UInt64(bits)) - 1)
            used[word] += bits
            return field
        }
        overflow = true
        return .absent
    }

    var words: Int { used[1] > 0 ? 2 : 1 }
}

func bitsFor(_ count: Int) -> Int {
    var bits = 0
    while (1 << bits) < count { bits += 1 }
    return bits
}

/// The visited set: states stored densely in BFS order (which is also the queue), with parent
/// indices for traces, and an open-addressing table of indices.
struct StateStore {
    let words: Int
    private(set) var keys: [UInt64] = []
    private(set) var parents: [UInt32] = []
    private var table: [UInt32]
    private var tableMask: Int
    private(set) var count = 0

    init(words: Int, capacity: Int = 1 << 8) {
        self.words = words
        table = Array(repeating: 0, count: capacity)
        tableMask = capacity - 1
        keys.reserveCapacity(capacity / 2 * words)
        parents.reserveCapacity(capacity / 2)
    }

    @inline(__always) static func hash(_ s: PackedState) -> Int {
        var h = s.w0 &* 0x9E37_79B9_7F4A_7C15
        h ^= (s.w1 &+ 0x632B_E59B_D9B4_E019) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always) func state(_ index: Int) -> PackedState {
        words == 1 ? PackedState(w0: keys[index], w1: 0) : PackedState(w0: keys[2 * index], w1: keys[2 * index + 1])
    }

    /// Table entries hold the state's index + 1 in the low 27 bits and 5 bits of its hash above, so
    /// most probes that miss are rejected without reading the stored state.
    static let indexBits: UInt32 = 27
    static let indexMask: UInt32 = (1 << indexBits) - 1
    /// The most states a store can hold.
    static let capacityLimit = Int(indexMask) - 1

    /// Makes room for `more` states without growing during the next inserts.
    @inline(__always) mutating func reserve(_ more: Int) {
        while (count + more) * 10 > table.count * 7 { grow() }
    }

    /// Reads the first table slot a hash probes, so that several successors' cache misses overlap.
    @inline(__always) func peek(_ h: Int) -> UInt32 { table[h & tableMask] }

    /// Inserts the state unless present; true when it was new.
    @inline(__always) mutating func insert(_ s: PackedState, parent: UInt32) -> Bool {
        if (count + 1) * 10 > table.count * 7 { grow() }
        return insert(s, hash: Self.hash(s), parent: parent)
    }

    /// Inserts with a precomputed hash; the caller has reserved room.
    @inline(__always) mutating func insert(_ s: PackedState, hash h: Int, parent: UInt32) -> Bool {
        let tag = UInt32(truncatingIfNeeded: h >> 59) << Self.indexBits
        var slot = h & tableMask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            if entry & ~Self.indexMask == tag {
                let index = Int(entry & Self.indexMask) - 1
                if words == 1 {
                    if keys[index] == s.w0 { return false }
                } else if keys[2 * index] == s.w0 && keys[2 * index + 1] == s.w1 {
                    return false
                }
            }
            slot = (slot + 1) & tableMask
        }
        table[slot] = tag | UInt32(count + 1)
        keys.append(s.w0)
        if words == 2 { keys.append(s.w1) }
        parents.append(parent)
        count += 1
        return true
    }

    /// Doubles the table, reading the stored states in order (sequential) rather than through the table.
    private mutating func grow() {
        let capacity = table.count * 2
        var fresh = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for index in 0..<count {
            let h = Self.hash(state(index))
            let tag = UInt32(truncatingIfNeeded: h >> 59) << Self.indexBits
            var slot = h & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = tag | UInt32(index + 1)
        }
        table = fresh
        tableMask = mask
    }

    /// Bytes in use: the packed states, their parents and the table's slots.
    var bytes: Int { count * words * 8 + count * 4 + table.count * 4 }
    /// Bytes allocated, with the arrays' spare capacity.
    var allocatedBytes: Int { keys.capacity * 8 + parents.capacity * 4 + table.count * 4 }
    var tableSlots: Int { table.count }
}
