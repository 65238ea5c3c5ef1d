// mbox-generator: writes a large, deterministic mailbox that looks like weeks of linux-mm / iommu list
// traffic (patch series, cover letters, review replies) for the ingest benchmark of `make bench`.
//
//   mbox-generator --size-mb 40 --seed 1 --format mboxrd|mboxo OUT
//
// Everything here is invented text; only header names, list ids and file paths follow the real lists.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Random numbers

/// A xorshift64* generator: the only source of randomness, so one seed always gives the same mailbox.
struct XorShift {
    private var state: UInt64

    init(seed: UInt64) {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        state = z == 0 ? 0x2545_F491_4F6C_DD1D : z
    }

    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A number in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int((next() >> 11) % UInt64(max(n, 1))) }

    /// A number in lo...hi.
    mutating func within(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    mutating func chance(_ percent: Int) -> Bool { below(1000) < percent * 10 }

    mutating func chancePermille(_ permille: Int) -> Bool { below(1000) < permille }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks an index by weight.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }
}

// MARK: - Byte building

typealias Bytes = [UInt8]

extension Array where Element == UInt8 {
    @inline(__always) mutating func put(_ s: String) { append(contentsOf: s.utf8) }
    @inline(__always) mutating func put(_ b: Bytes) { append(contentsOf: b) }
    @inline(__always) mutating func nl() { append(10) }

    mutating func putInt(_ n: Int) {
        if n < 0 { append(45); putInt(-n); return }
        if n >= 10 { putInt(n / 10) }
        append(UInt8(48 + n % 10))
    }

    mutating func putPadded(_ n: Int, width: Int) {
        var digits = 1
        var v = n
        while v >= 10 { v /= 10; digits += 1 }
        if digits < width { append(contentsOf: repeatElement(48, count: width - digits)) }
        putInt(n)
    }

    mutating func putHex(_ count: Int, _ rng: inout XorShift) {
        let hex: StaticString = "0123456789abcdef"
        var bits = rng.next()
        var left = 16
        for _ in 0..<count {
            if left == 0 { bits = rng.next(); left = 16 }
            append(hex.utf8Start[Int(bits & 15)])
            bits >>= 4
            left -= 1
        }
    }

    mutating func putBase64Noise(_ count: Int, _ rng: inout XorShift) {
        var bits = rng.next()
        var left = 10
        for _ in 0..<count {
            if left == 0 { bits = rng.next(); left = 10 }
            append(Base64.alphabet[Int(bits & 63)])
            bits >>= 6
            left -= 1
        }
    }
}

enum Base64 {
    static let alphabet: Bytes = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `data` as a MIME base64 body: 76 characters a line.
    static func encodeBody(_ data: Bytes, into out: inout Bytes) {
        var column = 0
        var i = 0
        while i < data.count {
            let b0 = UInt32(data[i])
            let b1 = i + 1 < data.count ? UInt32(data[i + 1]) : 0
            let b2 = i + 2 < data.count ? UInt32(data[i + 2]) : 0
            let triple = (b0 << 16) | (b1 << 8) | b2
            out.append(alphabet[Int((triple >> 18) & 63)])
            out.append(alphabet[Int((triple >> 12) & 63)])
            out.append(i + 1 < data.count ? alphabet[Int((triple >> 6) & 63)] : 61)
            out.append(i + 2 < data.count ? alphabet[Int(triple & 63)] : 61)
            i += 3
            column += 4
            if column >= 76 { out.nl(); column = 0 }
        }
        if column > 0 { out.nl() }
    }
}

enum QuotedPrintable {
    /// Encodes `data` (LF line ends) as a quoted-printable body with soft breaks before column 76.
    static func encodeBody(_ data: Bytes, into out: inout Bytes) {
        let hex: Bytes = Array("0123456789ABCDEF".utf8)
        var column = 0
        var i = 0
        while i < data.count {
            let c = data[i]
            if c == 10 {
                out.nl(); column = 0; i += 1; continue
            }
            let atLineEnd = i + 1 >= data.count || data[i + 1] == 10
            let literal = (c >= 33 && c <= 126 && c != 61) || ((c == 32 || c == 9) && !atLineEnd)
            let width = literal ? 1 : 3
            if column + width > 75 {
                out.append(61); out.nl(); column = 0
            }
            if literal {
                out.append(c)
            } else {
                out.append(61); out.append(hex[Int(c >> 4)]); out.append(hex[Int(c & 15)])
            }
            column += width
            i += 1
        }
    }
}

/// An RFC 2047 encoded word for a display name that is not plain ASCII.
func encodedWord(_ name: String, base64: Bool) -> String {
    let bytes = Bytes(name.utf8)
    if base64 {
        var b: Bytes = []
        Base64.encodeBody(bytes, into: &b)
        while b.last == 10 { b.removeLast() }
        return "=?UTF-8?B?" + String(decoding: b, as: UTF8.self) + "?="
    }
    var q = "=?UTF-8?q?"
    let hex = Array("0123456789ABCDEF")
    for c in bytes {
        if c == 32 {
            q.append("_")
        } else if (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) {
            q.append(Character(Unicode.Scalar(c)))
        } else {
            q.append("=")
            q.append(hex[Int(c >> 4)])
            q.append(hex[Int(c & 15)])
        }
    }
    return q + "?="
}

// MARK: - Dates

/// A moment with the sender's UTC offset, printed the ways mail prints it.
struct MailTime {
    var unix: Int
    var offsetMinutes: Int

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let longMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    struct Fields { var year, month, day, weekday, hour, minute, second: Int }

    func fields(utc: Bool = false) -> Fields {
        let t = unix + (utc ? 0 : offsetMinutes * 60)
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - days * 86400
        // Civil-from-days (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let wd = ((days % 7) + 7 + 4) % 7
        return Fields(year: y, month: m, day: d, weekday: wd, hour: secs / 3600, minute: (secs / 60) % 60,
                      second: secs % 60)
    }

    func putOffset(_ out: inout Bytes) {
        out.append(offsetMinutes < 0 ? 45 : 43)
        let a = abs(offsetMinutes)
        out.putPadded(a / 60, width: 2)
        out.putPadded(a % 60, width: 2)
    }

    /// `Tue, 14 Nov 2023 08:32:12 +0800`
    func putRFC2822(_ out: inout Bytes, utc: Bool = false) {
        let f = fields(utc: utc)
        out.put(MailTime.weekdays[f.weekday]); out.put(", ")
        out.putInt(f.day); out.append(32)
        out.put(MailTime.months[f.month - 1]); out.append(32)
        out.putInt(f.year); out.append(32)
        putClock(f, &out)
        out.append(32)
        if utc { out.put("+0000 (UTC)") } else { putOffset(&out) }
    }

    func putClock(_ f: Fields, _ out: inout Bytes) {
        out.putPadded(f.hour, width: 2); out.append(58)
        out.putPadded(f.minute, width: 2); out.append(58)
        out.putPadded(f.second, width: 2)
    }

    /// `Tue, Nov 14, 2023 at 08:32:12AM +0800` as mutt writes it in attributions.
    func putAttribution(_ out: inout Bytes) {
        let f = fields()
        out.put(MailTime.weekdays[f.weekday]); out.put(", ")
        out.put(MailTime.months[f.month - 1]); out.append(32)
        out.putPadded(f.day, width: 2); out.put(", ")
        out.putInt(f.year); out.put(" at ")
        var h = f.hour % 12
        if h == 0 { h = 12 }
        out.putPadded(h, width: 2); out.append(58)
        out.putPadded(f.minute, width: 2); out.append(58)
        out.putPadded(f.second, width: 2)
        out.put(f.hour < 12 ? "AM " : "PM ")
        putOffset(&out)
    }

    /// `Tuesday, November 14, 2023 8:32 AM` as Outlook writes it in quoted headers.
    func putOutlookSent(_ out: inout Bytes) {
        let f = fields()
        out.put(MailTime.longWeekdays[f.weekday]); out.put(", ")
        out.put(MailTime.longMonths[f.month - 1]); out.append(32)
        out.putInt(f.day); out.put(", ")
        out.putInt(f.year); out.append(32)
        var h = f.hour % 12
        if h == 0 { h = 12 }
        out.putInt(h); out.append(58)
        out.putPadded(f.minute, width: 2)
        out.put(f.hour < 12 ? " AM" : " PM")
    }

    /// `20231114083212` as git send-email puts it in Message-IDs.
    func putCompact(_ out: inout Bytes) {
        let f = fields(utc: true)
        out.putInt(f.year)
        out.putPadded(f.month, width: 2); out.putPadded(f.day, width: 2)
        out.putPadded(f.hour, width: 2); out.putPadded(f.minute, width: 2); out.putPadded(f.second, width: 2)
    }
}

// MARK: - People and lists

/// A made-up list participant.
struct Person {
    var name: String
    var email: String
    var offsetMinutes: Int
    /// Sends from an Outlook-like client: replies may be quoted-printable or base64 with CRLF inside.
    var outlook: Bool
    /// The `From:`/`Cc:` form: plain, quoted, or RFC 2047 encoded.
    var header: String

    init(_ name: String, _ email: String, offset: Int, outlook: Bool = false, b64: Bool = false) {
        self.name = name
        self.email = email
        self.offsetMinutes = offset
        self.outlook = outlook
        let ascii = name.utf8.allSatisfy { $0 < 128 }
        if !ascii {
            header = encodedWord(name, base64: b64) + " <" + email + ">"
        } else if name.contains(".") || name.contains(",") {
            header = "\"" + name + "\" <" + email + ">"
        } else {
            header = name + " <" + email + ">"
        }
    }

    /// What they sign with: the given name, also for the "Family, Given" form some directories use.
    var firstName: String {
        if let comma = name.firstIndex(of: ",") {
            return String(name[name.index(after: comma)...].split(separator: " ").first ?? Substring(name))
        }
        return String(name.split(separator: " ").first ?? Substring(name))
    }
}

/// A mailing list with the headers its server adds.
struct MailingList {
    var address: String
    var listId: String
    var server: String
    var relay: String
    var archive: String
}

enum Cast {
    static let people: [Person] = [
        Person("Maren Holt", "mholt@kernel.org", offset: 60),
        Person("Tobias Renner", "tobias.renner@cobaltsemi.com", offset: 60, outlook: true),
        Person("Jörg Wendlandt", "joerg.wendlandt@lumenix.de", offset: 60),
        Person("Priya Raghunathan", "priya.r@northwind-labs.com", offset: 330, outlook: true),
        Person("Kenji Oyama", "k-oyama@fieldstone.co.jp", offset: 540),
        Person("Li Wenhao", "liwenhao@meridian-cloud.cn", offset: 480),
        Person("Zhou Yifan", "yifan.zhou@meridian-cloud.cn", offset: 480, outlook: true),
        Person("Aurélien Castaing", "acastaing@quartz-si.fr", offset: 60, b64: true),
        Person("Søren Kjeldgaard", "sorenk@fjordsys.dk", offset: 60),
        Person("Łukasz Wierzbicki", "lukasz.wierzbicki@vistula-eng.pl", offset: 60, b64: true),
        Person("David J. Ormsby", "dormsby@greyharbor.org", offset: -300),
        Person("Rachel Fenwick", "rfenwick@greyharbor.org", offset: -480),
        Person("Nikhil Sabharwal", "nsabharwal@cobaltsemi.com", offset: -420, outlook: true),
        Person("Emeric Vasseur", "evasseur@kernel.org", offset: 60),
        Person("Ingrid Halvorsen", "ingrid@fjordsys.dk", offset: 60),
        Person("Matteo Bellandi", "mbellandi@tessera-hw.it", offset: 60),
        Person("Hannah Kowalczyk", "hkowalczyk@redwater.io", offset: -300),
        Person("Oren Ashkenazi", "oren.a@cobaltsemi.com", offset: 120, outlook: true),
        Person("Wei-Ting Chang", "wtchang@anvil-ic.tw", offset: 480),
        Person("Santiago Ibarra", "sibarra@redwater.io", offset: -180),
        Person("Björn Lindqvist", "bjorn.lindqvist@norrsken.se", offset: 60),
        Person("Felix Oberhauser", "felix.oberhauser@lumenix.de", offset: 60),
        Person("Grace O'Donnell", "godonnell@greyharbor.org", offset: 0),
        Person("Yusuf Demirci", "ydemirci@anatolia-soft.com.tr", offset: 180),
        Person("Chloé Marchetti", "chloe.marchetti@quartz-si.fr", offset: 60),
        Person("Arvid Nyström", "arvid@norrsken.se", offset: 60),
        Person("Pavel Sorokin", "psorokin@kernel.org", offset: 120),
        Person("Ananya Iyer", "ananya.iyer@northwind-labs.com", offset: 330),
        Person("Connor MacLeod", "cmacleod@highland-compute.co.uk", offset: 0),
        Person("Yuki Nakahara", "nakahara.yuki@fieldstone.co.jp", offset: 540),
        Person("Tereza Horáková", "thorakova@vltava-labs.cz", offset: 60),
        Person("Samuel Adeyemi", "sadeyemi@redwater.io", offset: -360),
        Person("Lena Vogt", "lvogt@kernel.org", offset: 60),
        Person("Rafael Quintana", "rquintana@tessera-hw.it", offset: 60, outlook: true),
        Person("Wang, Xiaoming", "xiaoming.wang@anvil-ic.tw", offset: 480, outlook: true),
        Person("Jun Park", "junpark@hanbit-sys.kr", offset: 540),
    ]

    static let lists: [MailingList] = [
        MailingList(address: "linux-mm@kvack.org", listId: "<linux-mm.kvack.org>", server: "kanga.kvack.org",
                    relay: "mx1.kvack.example.net", archive: "https://lore.kernel.org/linux-mm/"),
        MailingList(address: "iommu@lists.linux.dev", listId: "<iommu.lists.linux.dev>",
                    server: "smtp.subspace.kernel.org", relay: "sy.mirrors.example.net",
                    archive: "https://lore.kernel.org/iommu/"),
    ]

    static let alsoCc = [
        "linux-kernel@vger.kernel.org", "linux-arm-kernel@lists.infradead.org", "x86@kernel.org",
        "linuxppc-dev@lists.ozlabs.org", "kvm@vger.kernel.org", "linux-riscv@lists.infradead.org",
        "stable@vger.kernel.org",
    ]
}

// MARK: - Text pools (all invented)

enum Words {
    static func bytes(_ list: [String]) -> [Bytes] { list.map { Bytes($0.utf8) } }

    static let subsystems = [
        "mm/mmu_notifier", "mm/rmap", "mm/mprotect", "mm/migrate", "mm/huge_memory", "mm/khugepaged",
        "mm/memory", "mm/mremap", "mm/hugetlb", "mm/gup", "mm/userfaultfd", "mm/tlb", "mm: tlb",
        "x86/mm", "x86/mm/tlb", "arm64/mm", "arm64: tlbflush", "powerpc/mm", "powerpc/64s/radix",
        "riscv: mm", "iommu/vt-d", "iommu/arm-smmu-v3", "iommu/amd", "iommu/sva", "iommu", "mm/pagewalk",
    ]

    static let verbs = [
        "Flush", "Defer", "Batch", "Move", "Drop", "Add", "Fix", "Use", "Rename", "Introduce", "Remove",
        "Convert", "Avoid", "Skip", "Split", "Factor out", "Simplify", "Document", "Pass", "Track",
    ]

    static let objects = [
        "the secondary TLB flush in change_pte_range()",
        "the mmu_notifier call out of the page table lock",
        "arch_invalidate_secondary_tlbs() for device TLBs",
        "a range flush instead of per-page invalidation",
        "the redundant flush after ptep_clear_flush()",
        "pending TLB flush tracking to the mm",
        "the PASID-based IOTLB invalidation",
        "an explicit ATC invalidation on permission upgrade",
        "invalidate_range_end() for the whole VMA",
        "the deferred flush when the folio is split",
        "flush_tlb_batched_pending() before dropping the PTL",
        "the ASID-wide invalidation for large ranges",
        "a helper to flush the nested stage-2 tables",
        "the last-level hint when clearing PMDs",
        "TLB gather state across page table frees",
        "the stride used for huge page invalidations",
        "the notifier sequence count in the fault path",
        "device TLB flushes from the unmap path",
        "the IOMMU invalidation queue wait",
        "lazy TLB shootdowns on CPUs that left the mm",
    ]

    static let shortObjects = [
        "lazy TLB flushes", "the PMD flush", "stale IOTLB entries", "the range flush threshold",
        "ATC invalidation", "the pending flush count", "the secondary TLB hook", "dead code",
        "flush_tlb_range() callers", "the nested stage-2 flush", "PASID cache flushes", "a flush race",
    ]

    static let sentences = words([
        "The secondary TLB is not invalidated when the primary MMU upgrades a permission, so a device can keep using a stale read-only translation after the PTE becomes writable.",
        "This was found while testing shared virtual addressing with a device that caches translations aggressively.",
        "Currently the flush happens after the page table lock is dropped, which leaves a window where another thread can fault in a new page at the same address.",
        "Nothing else in the fault path looks at the secondary TLB, so this is the only place that needs to change.",
        "Move the invalidation under the lock so that both TLBs agree before anybody can observe the new entry.",
        "There is no functional change for architectures that do not implement the hook.",
        "On x86 the CPU TLB is flushed by flush_tlb_mm_range(), but the IOMMU only learns about the change later.",
        "Batching the invalidations reduces the number of commands sent to the invalidation queue considerably.",
        "In a microbenchmark that repeatedly calls mprotect() on a 2MB region the time spent flushing drops by about a third.",
        "The callback is called with the range that was actually modified, not the whole VMA.",
        "Without this the device may still hold a translation to a page that has already been freed and reused.",
        "That is a use-after-free from the device's point of view, and it is silent.",
        "Rather than adding yet another notifier, reuse the existing arch hook that already runs for every flush.",
        "The ordering matters here: the PTE must be cleared first, then the TLBs flushed, then the page freed.",
        "A later patch in this series relies on this to remove the invalidate_range() callback entirely.",
        "Some drivers relied on the old behaviour to get a callback for every single page.",
        "Those are converted in the next patches so that nothing regresses in between.",
        "The arm64 SMMU can invalidate by ASID, which is much cheaper than walking a huge range page by page.",
        "When the range is larger than a threshold we now fall back to invalidating the whole address space.",
        "This matches what the CPU side already does in __flush_tlb_range().",
        "powerpc radix has the same problem with its nest MMU, so handle it in the common code.",
        "The fix is small but the bug is old; it goes back to when the notifier was first added.",
        "No user visible change is expected other than the device no longer seeing stale entries.",
        "I tested this on a machine with an SVA capable accelerator and with KVM guests using nested translation.",
        "The comment above the function was also out of date, so update it while here.",
        "Note that the PMD case needs the same treatment because THP splits go through a different path.",
        "Callers that hold the mmap lock for read are fine because they cannot race with the free.",
        "We cannot sleep in this context, so the wait for the invalidation queue has to be bounded.",
        "It was pointed out in review that the barrier is needed to order the PTE store against the queue write.",
    ])

    static func words(_ list: [String]) -> [Bytes] { bytes(list) }

    static let fromSentences = words([
        "From the device's point of view the old translation is still valid until the queue drains.",
        "From a quick look at the other users none of them depend on the flush being done twice.",
        "From v6.5 onwards the hook is called for every architecture, so the ifdef can go.",
        "From what I can tell the PMD path was simply missed when this was first converted.",
    ])

    static let comments = words([
        "This looks right to me, but I wonder whether the flush should stay outside the lock on x86.",
        "Can this race with a concurrent munmap()? The range could be freed before the notifier runs.",
        "Nit: the subject says flush but the code only invalidates the device TLB.",
        "I think this needs a Fixes tag, it is a real bug on arm64 with SVA.",
        "Why not do this in the common helper so every architecture gets it for free?",
        "The barrier looks unnecessary here, the spinlock release already orders the stores.",
        "I ran this through our SVA test suite overnight and saw no failures.",
        "Please split the rename into its own patch, it makes the functional change hard to review.",
        "Agreed, and the comment above the function should say who is expected to hold the lock.",
        "Do we really need the range here? The whole-ASID flush is cheaper for anything above a few pages.",
        "This changes when the callback fires for KVM, have you checked the secondary MMU there?",
        "Thanks for the explanation, that addresses my concern.",
        "I'd prefer a separate flag rather than overloading the existing one.",
        "Looks good otherwise.",
        "With the nit above fixed, feel free to add my tag.",
        "The hunk in mprotect looks like it also changes behaviour for the non-SVA case, is that intended?",
    ])

    static let outlookComments = words([
        "I’d rather keep the flush where it is until we understand the performance impact on the invalidation queue.",
        "We’ve seen similar stale entries on our devices – this patch fixes them in our testing.",
        "Is there a reason the PASID isn’t passed down here? The “global” invalidation is quite expensive for us.",
        "This is fine from the VT-d side. We’ll follow up with a change to drop the now-unused helper.",
        "Tested on a Sapphire Rapids-class system with two accelerators; no regressions seen.",
    ])

    static let notes = words([
        "- Rebased on mm-unstable",
        "- Moved the flush under the page table lock (thanks for the review)",
        "- Dropped the patch converting the powerpc nest MMU, it will be sent separately",
        "- Added the missing PMD case",
        "- Reworded the commit message to explain the ordering requirement",
        "- Collected tags",
        "- Fixed a build failure with CONFIG_MMU_NOTIFIER=n",
        "- Split the rename into its own patch",
        "- Use the ASID-wide invalidation above the threshold",
        "- Dropped the RFC tag",
    ])

    static let qualifiers = [
        " for SVA", " on arm64", " under the PTL", " in the unmap path", " for huge pages",
        " when splitting folios", " for nested domains", " on x86", " in the fault path", " for PASID tables",
        " on powerpc radix", " during migration", " for device-private pages", " in khugepaged",
        " on riscv", " for the SMMUv3 CMDQ", " with CONFIG_MMU_NOTIFIER=n", " under mmap_lock", " for KVM guests",
        " when the mm is exiting", " for hugetlb VMAs", " on 32-bit", " for AMD IOMMU v2", " in mremap",
    ]

    static let genericTitles = [
        "Fix a typo in a comment", "Remove an unused variable", "Fix build warning with W=1",
        "Fix kernel-doc warnings", "Use the correct format specifier",
    ]

    static let treeTags = ["mm-unstable", "mm-hotfixes-unstable", "-next", "iommu-next", "6.8"]

    static let files: [Bytes] = words([
        "arch/x86/mm/tlb.c", "arch/x86/include/asm/tlbflush.h", "arch/x86/mm/pgtable.c",
        "arch/arm64/include/asm/tlbflush.h", "arch/arm64/mm/hugetlbpage.c", "arch/arm64/mm/contpte.c",
        "arch/powerpc/mm/book3s64/radix_tlb.c", "arch/powerpc/mm/book3s64/pgtable.c",
        "arch/riscv/mm/tlbflush.c", "arch/riscv/include/asm/tlbflush.h",
        "mm/mmu_notifier.c", "mm/rmap.c", "mm/mprotect.c", "mm/migrate.c", "mm/huge_memory.c",
        "mm/khugepaged.c", "mm/memory.c", "mm/mremap.c", "mm/hugetlb.c", "mm/mmu_gather.c",
        "drivers/iommu/intel/svm.c", "drivers/iommu/intel/iommu.c", "drivers/iommu/intel/dmar.c",
        "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-sva.c", "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c",
        "drivers/iommu/amd/iommu.c", "drivers/iommu/iommu-sva.c",
        "include/linux/mmu_notifier.h", "include/asm-generic/tlb.h", "include/linux/mm_types.h",
        "include/linux/pgtable.h", "include/linux/iommu.h",
    ])

    static let functionHeads = words([
        "static void flush_pending_range(struct mm_struct *mm, unsigned long start,",
        "static int change_pte_range(struct mmu_gather *tlb,",
        "void __mmu_notifier_arch_invalidate_secondary_tlbs(struct mm_struct *mm,",
        "static void svm_flush_dev_tlb(struct intel_svm *svm, unsigned long address,",
        "static void arm_smmu_mm_arch_invalidate_secondary_tlbs(struct mmu_notifier *mn,",
        "void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,",
        "static inline void __flush_tlb_range(struct vm_area_struct *vma,",
        "static bool try_to_unmap_one(struct folio *folio, struct vm_area_struct *vma,",
        "int move_huge_pmd(struct vm_area_struct *vma, unsigned long old_addr,",
        "static void tlb_flush_mmu_tlbonly(struct mmu_gather *tlb)",
        "static int collapse_huge_page(struct mm_struct *mm, unsigned long address,",
        "void radix__flush_tlb_range(struct vm_area_struct *vma, unsigned long start,",
        "struct mmu_notifier_ops {",
        "static void amd_iommu_flush_range(struct amd_iommu_pasid *pasid, u64 address,",
        "static inline void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *range)",
    ])

    static let calls: [Bytes] = words([
        "flush_tlb_range", "flush_tlb_mm_range", "mmu_notifier_arch_invalidate_secondary_tlbs",
        "arm_smmu_tlb_inv_range_asid", "arm_smmu_atc_inv_domain", "qi_flush_piotlb", "qi_flush_dev_iotlb_pasid",
        "tlb_flush_mmu", "ptep_clear_flush", "ptep_get_and_clear", "set_pte_at", "pmdp_invalidate",
        "flush_tlb_page", "radix__flush_tlb_pwc", "local_flush_tlb_page", "iommu_iotlb_sync",
        "mmu_notifier_invalidate_range_start", "mmu_notifier_invalidate_range_end", "inc_tlb_flush_pending",
        "dec_tlb_flush_pending", "flush_tlb_batched_pending", "tlb_gather_mmu", "tlb_finish_mmu",
        "amd_iommu_flush_page", "pte_unmap_unlock", "folio_put", "update_mmu_cache",
    ])

    static let args: [Bytes] = words([
        "vma, start, end", "mm, start, end, PAGE_SHIFT, false", "&range", "domain, &gather",
        "mm, addr, addr + PAGE_SIZE", "tlb", "vma, addr, ptep", "mm, address, pte, ptl", "svm->iommu, pasid, address, pages, ih",
        "smmu_domain, mm->pasid, start, size", "mm", "vma, haddr, pmd", "folio", "iommu, did, pasid, addr, npages",
    ])

    static let conditions: [Bytes] = words([
        "!pte_present(ptent)", "size == ULONG_MAX", "mm_tlb_flush_pending(mm)", "!(smmu->features & ARM_SMMU_FEAT_BTM)",
        "pte_write(oldpte) && !pte_write(ptent)", "end - start > MAX_TLBI_RANGE_PAGES", "!svm->dev_tlb",
        "unlikely(!mmu_notifier_range_blockable(range))", "pmd_trans_huge(*pmd)", "tlb->fullmm",
        "!cpumask_empty(mm_cpumask(mm))", "folio_test_large(folio)", "info->ats_enabled",
    ])

    static let declarations: [Bytes] = words([
        "unsigned long size = end - start;", "struct mmu_notifier_range range;", "struct mmu_gather tlb;",
        "spinlock_t *ptl;", "pte_t *pte, oldpte;", "bool flush_needed = false;", "int ret = 0;",
        "struct intel_svm_dev *sdev;", "u64 address = start & PAGE_MASK;", "unsigned long pages;",
        "struct arm_smmu_domain *smmu_domain = smmu_mn->domain;", "pmd_t orig_pmd;",
    ])

    static let blockComments: [Bytes] = words([
        "The device may still hold a translation for this range.",
        "Invalidate before the page table lock is released.",
        "Flushing the whole ASID is cheaper than walking a range this large.",
        "Order the PTE update against the invalidation queue write.",
        "Callers hold the PTL, so nobody can fault in a new entry here.",
        "Secondary TLBs are flushed together with the CPU TLB from now on.",
    ])

    static let replyOpeners = words(["Hi,", "Hello,", "Hi all,", "Hey,", ""])
    static let signOffs = words(["Thanks,", "Regards,", "Cheers,", "Thanks!", "--"])
}

// MARK: - Mailbox output

enum MboxFormat: String {
    case mboxrd, mboxo
}

/// Writes messages into an mbox file through a large buffer, escaping `From ` lines per the format.
struct MboxWriter {
    let fd: Int32
    let format: MboxFormat
    var buffer: Bytes = []
    private(set) var bytesWritten = 0
    private(set) var escapedLines = 0
    let flushThreshold = 8 << 20
    /// Its own generator, so the messages are the same whichever separator the format uses.
    private var separatorRandom: XorShift

    init(fd: Int32, format: MboxFormat, seed: UInt64) {
        self.fd = fd
        self.format = format
        separatorRandom = XorShift(seed: seed ^ 0x6D62_6F78_6F00_0000)
        buffer.reserveCapacity(flushThreshold + (1 << 20))
    }

    var totalBytes: Int { bytesWritten + buffer.count }
    /// Bytes of the messages themselves, without separators and escapes: the same for both formats.
    private(set) var messageBytes = 0

    mutating func append(message: Bytes) {
        messageBytes += message.count
        switch format {
        case .mboxrd:
            buffer.put("From mboxrd@z Thu Jan  1 00:00:00 1970\n")
        case .mboxo:
            buffer.put("From ")
            buffer.putHex(40, &separatorRandom)
            buffer.put(" Mon Sep 17 00:00:00 2001\n")
        }
        message.withUnsafeBufferPointer { p in
            let n = p.count
            var copied = 0
            var lineStart = 0
            while lineStart < n {
                if needsEscape(p, at: lineStart) {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<lineStart]))
                    buffer.append(62)
                    escapedLines += 1
                    copied = lineStart
                }
                var i = lineStart
                while i < n && p[i] != 10 { i += 1 }
                lineStart = i + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        }
        if buffer.last != 10 { buffer.nl() }
        buffer.nl()
        if buffer.count >= flushThreshold { flush() }
    }

    private func needsEscape(_ p: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var i = start
        if format == .mboxrd {
            while i < p.count && p[i] == 62 { i += 1 }
        }
        return i + 5 <= p.count && p[i] == 70 && p[i + 1] == 114 && p[i + 2] == 111 && p[i + 3] == 109
            && p[i + 4] == 32
    }

    mutating func flush() {
        var offset = 0
        let total = buffer.count
        buffer.withUnsafeBytes { raw in
            while offset < total {
                let r = write(fd, raw.baseAddress! + offset, total - offset)
                if r < 0 {
                    if errno == EINTR { continue }
                    fail("write failed: \(String(cString: strerror(errno)))", code: 74)
                }
                offset += r
            }
        }
        bytesWritten += total
        buffer.removeAll(keepingCapacity: true)
    }
}

func fail(_ message: String, code: Int32) -> Never {
    let text = Bytes("mbox-generator: \(message)\n".utf8)
    text.withUnsafeBytes { _ = write(2, $0.baseAddress!, $0.count) }
    exit(code)
}

// MARK: - The list traffic

/// A message already sent that later replies can point to and quote.
struct SentMessage {
    var messageId: String
    var subject: String
    var references: [String]
    var author: Int
    var time: MailTime
    var excerpt: [Bytes]
    var list: Int
}

/// One patch of a series before it is written: its subject, commit message, diff and diffstat.
struct PatchText {
    var title: String
    var commitMessage: Bytes
    var diff: Bytes
    var stat: [(path: Bytes, added: Int, removed: Int)]
    var excerpt: [Bytes]
}

/// What stays the same from one version of a series to the next.
struct SeriesPlan {
    var author: Int
    var list: Int
    var count: Int
    var version: Int
    var rfc: Bool
    var tree: String?
    var hasCover: Bool
    var coverTitle: String
    var patchTitles: [String]
}

/// Counts printed at the end.
struct Tally {
    var messages = 0, series = 0, newVersions = 0, patches = 0, covers = 0, replies = 0
    var quotedPrintable = 0, base64 = 0, fromLines = 0, foldedSubjects = 0
}

final class Traffic {
    var rng: XorShift
    var writer: MboxWriter
    var now: Int
    var tally = Tally()
    var recent: [SentMessage] = []
    var pendingReplies: [(due: Int, target: SentMessage)] = []
    var resendable: [SeriesPlan] = []
    var usedTitles: Set<String> = []
    var usedPhrases: Set<String> = []
    var message: Bytes = []
    var scratch: Bytes = []

    init(seed: UInt64, writer: MboxWriter) {
        rng = XorShift(seed: seed)
        self.writer = writer
        // Mid-November 2023, shifted by the seed so different seeds start on different days.
        now = 1_699_920_000 + Int(seed % 97) * 86_400
    }

    func run(targetBytes: Int) {
        while writer.messageBytes < targetBytes {
            writeSeries()
            for _ in 0..<pendingReplies.count {
                let entry = pendingReplies.removeFirst()
                if entry.due <= 0 {
                    writeReply(to: entry.target)
                } else {
                    pendingReplies.append((entry.due - 1, entry.target))
                }
            }
        }
        writer.flush()
    }

    // MARK: Series

    /// A new series, or (about one in six) the next version of one sent earlier: same author and titles.
    func planSeries() -> SeriesPlan {
        if !resendable.isEmpty && rng.chance(16) {
            var plan = resendable.remove(at: rng.below(resendable.count))
            plan.version += 1
            if plan.rfc && rng.chance(50) { plan.rfc = false }
            if plan.count < 12 && rng.chance(15) {
                plan.count += 1
                plan.patchTitles.append(newTitle())
            }
            if !plan.hasCover && plan.count > 1 && rng.chance(30) {
                plan.hasCover = true
                plan.coverTitle = newSeriesTitle()
            }
            tally.newVersions += 1
            return plan
        }
        let count = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12][rng.weighted([25, 15, 14, 10, 8, 7, 5, 5, 3, 3, 2, 3])]
        let hasCover = count > 1 && rng.chance(40)
        var titles: [String] = []
        for i in 0..<count { titles.append(i == 0 && !hasCover ? newSeriesTitle() : newTitle()) }
        return SeriesPlan(author: rng.below(Cast.people.count), list: rng.below(Cast.lists.count), count: count,
                          version: [1, 2, 3, 4][rng.weighted([55, 22, 14, 9])], rfc: rng.chance(12),
                          tree: rng.chance(15) ? rng.pick(Words.treeTags) : nil, hasCover: hasCover,
                          coverTitle: hasCover ? newSeriesTitle() : "", patchTitles: titles)
    }

    /// A title no earlier patch used: patches only share titles when they are versions of each other.
    func newTitle() -> String {
        var title = makeTitle()
        var tries = 0
        while usedTitles.contains(title) && tries < 64 {
            title = makeTitle() + rng.pick(Words.qualifiers)
            tries += 1
        }
        usedTitles.insert(title)
        return title
    }

    /// The title a series is known by (its cover letter's, or its first patch's). Its words after the
    /// subsystem prefix are new too, except for ~3% generic ones ("Fix a typo in a comment") that real
    /// lists see from many subsystems.
    func newSeriesTitle() -> String {
        let subsystem = rng.pick(Words.subsystems)
        if rng.chance(3) {
            let title = subsystem + ": " + rng.pick(Words.genericTitles)
            usedTitles.insert(title)
            return title
        }
        var phrase = rng.pick(Words.verbs) + " " + rng.pick(rng.chance(55) ? Words.shortObjects : Words.objects)
        var tries = 0
        while usedPhrases.contains(phrase) && tries < 64 {
            phrase = rng.pick(Words.verbs) + " " + rng.pick(rng.chance(55) ? Words.shortObjects : Words.objects)
                + rng.pick(Words.qualifiers)
            tries += 1
        }
        usedPhrases.insert(phrase)
        usedTitles.insert(subsystem + ": " + phrase)
        return subsystem + ": " + phrase
    }

    func writeSeries() {
        tally.series += 1
        now += rng.within(30, 900)
        let plan = planSeries()
        if plan.version < 6 && rng.chance(60) {
            resendable.append(plan)
            if resendable.count > 200 { resendable.removeFirst(50) }
        }
        let authorIndex = plan.author
        let author = Cast.people[authorIndex]
        let listIndex = plan.list
        let count = plan.count
        let version = plan.version
        let rfc = plan.rfc
        let tree = plan.tree
        let hasCover = plan.hasCover
        let sendTime = MailTime(unix: now, offsetMinutes: author.offsetMinutes)
        let pid = rng.within(100_000, 4_999_999)
        var compact: Bytes = []
        sendTime.putCompact(&compact)
        let local = author.email.split(separator: "@")
        let idStem = "<" + String(decoding: compact, as: UTF8.self) + "." + String(pid) + "-"
        let idTail = "-" + String(local.first ?? "x") + "@" + String(local.last ?? "x") + ">"

        var prefix = "["
        if rfc { prefix += "RFC " }
        prefix += "PATCH"
        if let tree { prefix += " " + tree }
        if version > 1 { prefix += " v" + String(version) }

        var patches: [PatchText] = []
        patches.reserveCapacity(count)
        for title in plan.patchTitles { patches.append(makePatch(version: version, title: title)) }

        var cc: [String] = []
        for _ in 0..<rng.within(2, 7) {
            let other = Cast.people[rng.below(Cast.people.count)].header
            if other != author.header && !cc.contains(other) { cc.append(other) }
        }
        cc.append(Cast.lists[1 - listIndex].address)
        cc.append(rng.pick(Cast.alsoCc))

        var threadRoot: String? = nil
        var number = hasCover ? 2 : 1
        if hasCover {
            let id = idStem + "1" + idTail
            let subject = prefix + " 0/" + String(count) + "] " + plan.coverTitle
            message.removeAll(keepingCapacity: true)
            writeHeaders(from: authorIndex, list: listIndex, subject: subject, messageId: id, time: sendTime,
                         references: [], cc: cc, gitSendEmail: true)
            writeCoverBody(patches: patches, version: version, author: author, idTail: idTail)
            emit()
            tally.covers += 1
            let excerpt = Array(patches[0].excerpt.prefix(6))
            remember(SentMessage(messageId: id, subject: subject, references: [], author: authorIndex,
                                 time: sendTime, excerpt: excerpt, list: listIndex))
            threadRoot = id
        }
        for (i, patch) in patches.enumerated() {
            let id = idStem + String(number) + idTail
            number += 1
            var subject = prefix
            if count > 1 || hasCover { subject += " " + String(i + 1) + "/" + String(count) }
            subject += "] " + patch.title
            let time = MailTime(unix: now + i + (hasCover ? 1 : 0), offsetMinutes: author.offsetMinutes)
            let refs = threadRoot.map { [$0] } ?? []
            message.removeAll(keepingCapacity: true)
            writeHeaders(from: authorIndex, list: listIndex, subject: subject, messageId: id, time: time,
                         references: refs, cc: cc, gitSendEmail: true)
            writePatchBody(patch, author: author, version: version)
            emit()
            tally.patches += 1
            remember(SentMessage(messageId: id, subject: subject, references: refs, author: authorIndex,
                                 time: time, excerpt: patch.excerpt, list: listIndex))
            if threadRoot == nil { threadRoot = id }
        }
        now += count + 1
    }

    func remember(_ sent: SentMessage) {
        // About one reply for every three patches or cover letters: replies are ~25% of all messages.
        let roll = rng.below(1000)
        if roll < 290 {
            pendingReplies.append((rng.within(0, 3), sent))
        } else if roll < 330 {
            pendingReplies.append((rng.within(0, 1), sent))
            pendingReplies.append((rng.within(1, 4), sent))
        }
        recent.append(sent)
        if recent.count > 256 { recent.removeFirst(64) }
    }

    func makeTitle() -> String {
        rng.pick(Words.subsystems) + ": " + rng.pick(Words.verbs) + " "
            + rng.pick(rng.chance(55) ? Words.shortObjects : Words.objects)
    }

    /// Appends paragraphs of sentences wrapped at 72 columns.
    func writeParagraphs(_ count: Int, into out: inout Bytes, allowFrom: Bool) {
        for p in 0..<count {
            if p > 0 { out.nl() }
            var column = 0
            let sentenceCount = rng.within(2, 5)
            var used: [Int] = []
            for s in 0..<sentenceCount {
                let sentence: Bytes
                if s == 0 && allowFrom && rng.chancePermille(12) {
                    sentence = rng.pick(Words.fromSentences)
                    tally.fromLines += 1
                } else {
                    var pick = rng.below(Words.sentences.count)
                    while used.contains(pick) { pick = (pick + 1) % Words.sentences.count }
                    used.append(pick)
                    sentence = Words.sentences[pick]
                }
                wrap(sentence, column: &column, into: &out)
            }
            out.nl()
        }
    }

    func wrap(_ text: Bytes, column: inout Int, into out: inout Bytes) {
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != 32 { end += 1 }
            let length = end - start
            if column > 0 {
                if column + 1 + length > 72 {
                    out.nl(); column = 0
                } else {
                    out.append(32); column += 1
                }
            }
            out.append(contentsOf: text[start..<end])
            column += length
            start = end + 1
        }
    }

    func makePatch(version: Int, title: String) -> PatchText {
        var commit: Bytes = []
        commit.reserveCapacity(2048)
        writeParagraphs(rng.within(1, 4), into: &commit, allowFrom: true)
        var excerpt: [Bytes] = []
        var lineStart = 0
        for (i, c) in commit.enumerated() where c == 10 {
            if excerpt.count < 8 { excerpt.append(Array(commit[lineStart..<i])) }
            lineStart = i + 1
        }

        var diff: Bytes = []
        diff.reserveCapacity(8192)
        var stat: [(path: Bytes, added: Int, removed: Int)] = []
        let fileCount = rng.within(1, 4)
        var usedFiles: [Int] = []
        for _ in 0..<fileCount {
            var f = rng.below(Words.files.count)
            while usedFiles.contains(f) { f = rng.below(Words.files.count) }
            usedFiles.append(f)
            let path = Words.files[f]
            let (added, removed) = writeFileDiff(path: path, into: &diff, excerpt: &excerpt)
            stat.append((path, added, removed))
        }
        return PatchText(title: title, commitMessage: commit, diff: diff, stat: stat, excerpt: excerpt)
    }

    /// One `diff --git` section with 1-6 hunks whose header counts match their lines.
    func writeFileDiff(path: Bytes, into out: inout Bytes, excerpt: inout [Bytes]) -> (Int, Int) {
        let newFile = rng.chance(3)
        out.put("diff --git a/"); out.put(path); out.put(" b/"); out.put(path); out.nl()
        if newFile {
            out.put("new file mode 100644\nindex 000000000000..")
            out.putHex(12, &rng); out.nl()
            out.put("--- /dev/null\n+++ b/"); out.put(path); out.nl()
            let lines = rng.within(8, 60)
            out.put("@@ -0,0 +1,"); out.putInt(lines); out.put(" @@\n")
            startFunctionBody()
            for i in 0..<lines {
                out.append(43)
                if i == 0 { out.put("// SPDX-License-Identifier: GPL-2.0-only"); out.nl(); continue }
                writeCodeLine(into: &out)
            }
            return (lines, 0)
        }
        out.put("index "); out.putHex(12, &rng); out.put(".."); out.putHex(12, &rng); out.put(" 100644\n")
        out.put("--- a/"); out.put(path); out.put("\n+++ b/"); out.put(path); out.nl()
        var oldLine = rng.within(12, 200)
        var delta = 0
        var added = 0, removed = 0
        for _ in 0..<rng.within(1, 6) {
            var body: Bytes = []
            body.reserveCapacity(1024)
            var oldCount = 0, newCount = 0
            startFunctionBody()
            func context(_ n: Int) {
                for _ in 0..<n {
                    body.append(32)
                    writeCodeLine(into: &body)
                    oldCount += 1; newCount += 1
                }
            }
            context(3)
            for block in 0..<rng.within(1, 3) {
                if block > 0 { context(rng.within(1, 4)) }
                let minus = rng.weighted([3, 4, 3, 2, 1]) + (rng.chance(20) ? rng.within(3, 10) : 0)
                var plus = rng.weighted([2, 4, 4, 3, 2]) + (rng.chance(25) ? rng.within(3, 14) : 0)
                if minus + plus == 0 { plus = 1 }
                for _ in 0..<minus { body.append(45); writeCodeLine(into: &body) }
                for _ in 0..<plus { body.append(43); writeCodeLine(into: &body) }
                oldCount += minus; newCount += plus
                removed += minus; added += plus
            }
            context(3)
            out.put("@@ -"); out.putInt(oldLine); out.append(44); out.putInt(oldCount)
            out.put(" +"); out.putInt(oldLine + delta); out.append(44); out.putInt(newCount); out.put(" @@")
            if rng.chance(85) { out.append(32); out.put(rng.pick(Words.functionHeads)) }
            out.nl()
            if excerpt.count < 24 {
                var s = 0
                for (i, c) in body.enumerated() where c == 10 {
                    if excerpt.count >= 24 { break }
                    excerpt.append(Array(body[s..<i]))
                    s = i + 1
                }
            }
            out.put(body)
            delta += newCount - oldCount
            oldLine += oldCount + rng.within(8, 120)
        }
        return (added, removed)
    }

    /// Nesting of the made-up C being written: braces open and close, a bare `if` indents one line.
    var codeDepth = 1
    var underBareIf = false

    func startFunctionBody() {
        codeDepth = rng.weighted([0, 6, 3])
        if codeDepth == 0 { codeDepth = 1 }
        underBareIf = false
    }

    func writeCodeLine(into out: inout Bytes) {
        let kind = rng.below(20)
        if kind == 0 && !underBareIf { out.nl(); return }
        let indent = underBareIf ? codeDepth + 1 : codeDepth
        let closing = kind == 16 && codeDepth > 1 && !underBareIf
        for _ in 0..<(closing ? codeDepth - 1 : indent) { out.append(9) }
        let wasBare = underBareIf
        underBareIf = false
        switch kind {
        case 7, 8:
            out.put("ret = "); out.put(rng.pick(Words.calls)); out.append(40); out.put(rng.pick(Words.args))
            out.put(");")
        case 9...11 where !wasBare:
            out.put("if ("); out.put(rng.pick(Words.conditions)); out.append(41)
            if codeDepth < 4 && rng.chance(40) {
                out.put(" {")
                codeDepth += 1
            } else {
                underBareIf = true
            }
        case 12...13 where !wasBare:
            out.put(rng.pick(Words.declarations))
        case 14 where !wasBare:
            out.put("/* "); out.put(rng.pick(Words.blockComments)); out.put(" */")
        case 15:
            out.put("return "); out.put(rng.chance(50) ? "ret;" : "0;")
        case 16 where closing:
            out.put("}")
            codeDepth -= 1
        case 17 where wasBare:
            out.put("continue;")
        case 18:
            out.put(codeDepth > 1 ? "spin_unlock(ptl);" : "pte_unmap_unlock(pte, ptl);")
        default:
            out.put(rng.pick(Words.calls)); out.append(40); out.put(rng.pick(Words.args)); out.put(");")
        }
        out.nl()
    }

    // MARK: Headers

    func writeHeaders(from authorIndex: Int, list listIndex: Int, subject: String, messageId: String,
                               time: MailTime, references: [String], cc: [String], gitSendEmail: Bool,
                               encoding: String? = nil) {
        let author = Cast.people[authorIndex]
        let list = Cast.lists[listIndex]
        let arrival = MailTime(unix: time.unix + rng.within(2, 40), offsetMinutes: 0)
        message.put("Return-Path: <"); message.put(listBounce(list)); message.put(">\n")
        message.put("X-Original-To: "); message.put(list.address); message.nl()
        message.put("Delivered-To: "); message.put(list.address); message.nl()
        let hops = rng.within(3, 6)
        for hop in 0..<hops {
            writeReceived(hop: hop, of: hops, list: list, author: author, arrival: arrival)
        }
        if rng.chance(70) {
            message.put("ARC-Seal: i=1; a=rsa-sha256; d=subspace.kernel.org; s=arc-20240116; t=")
            message.putInt(arrival.unix); message.put(";\n\tcv=none; b=")
            foldedNoise(344)
            message.put("ARC-Message-Signature: i=1; a=rsa-sha256; d=subspace.kernel.org;\n")
            message.put("\ts=arc-20240116; t="); message.putInt(arrival.unix)
            message.put("; c=relaxed/simple;\n\tbh=")
            message.putBase64Noise(43, &rng); message.put("=;\n\th=From:To:Cc:Subject:Date:Message-ID:MIME-Version; b=")
            foldedNoise(344)
            message.put("ARC-Authentication-Results: i=1; smtp.subspace.kernel.org; dmarc=pass (p=none dis=none) header.from=")
            message.put(domain(of: author)); message.put("; spf=pass smtp.mailfrom="); message.put(domain(of: author))
            message.put("; dkim=pass (2048-bit key) header.d="); message.put(domain(of: author))
            message.put(" header.i=@"); message.put(domain(of: author)); message.put(" header.b=")
            message.putBase64Noise(8, &rng); message.nl()
        }
        message.put("Authentication-Results: "); message.put(list.server)
        message.put(";\n\tdkim=pass (2048-bit key) header.d="); message.put(domain(of: author))
        message.put(" header.i=@"); message.put(domain(of: author)); message.put(" header.b=")
        message.putBase64Noise(8, &rng); message.nl()
        message.put("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d="); message.put(domain(of: author))
        message.put(";\n\ts=s"); message.putInt(rng.within(2019, 2024)); message.put("; t=")
        message.putInt(time.unix); message.put(";\n\tbh=")
        message.putBase64Noise(43, &rng); message.put("=;\n\th=From:To:Cc:Subject:Date:Message-ID:In-Reply-To:References:MIME-Version:Content-Transfer-Encoding;\n\tb=")
        foldedNoise(344)

        message.put("From: "); message.put(author.header); message.nl()
        message.put("To: "); message.put(list.address); message.nl()
        message.put("Cc: ")
        var column = 4
        for (i, c) in cc.enumerated() {
            if i > 0 {
                message.append(44)
                if column + c.utf8.count > 74 { message.put("\n\t"); column = 8 } else { message.append(32); column += 1 }
            }
            message.put(c)
            column += c.utf8.count + 1
        }
        message.nl()
        writeSubject(subject)
        message.put("Date: "); time.putRFC2822(&message); message.nl()
        message.put("Message-ID: "); message.put(messageId); message.nl()
        if gitSendEmail { message.put("X-Mailer: git-send-email 2.39.2\n") }
        if let parent = references.last {
            message.put("In-Reply-To: "); message.put(parent); message.nl()
            message.put("References: ")
            for (i, r) in references.enumerated() {
                if i > 0 { message.put("\n ") }
                message.put(r)
            }
            message.nl()
        }
        message.put("MIME-Version: 1.0\n")
        if let encoding {
            message.put("Content-Type: text/plain; charset=\"utf-8\"\n")
            message.put("Content-Transfer-Encoding: "); message.put(encoding); message.nl()
            message.put("Thread-Topic: "); message.put(subject.count > 60 ? String(subject.prefix(60)) : subject)
            message.put("\nThread-Index: AQHa"); message.putBase64Noise(40, &rng)
            message.put("\nAccept-Language: en-US\nContent-Language: en-US\nX-MS-Has-Attach:\nX-MS-TNEF-Correlator:\n")
            message.put("x-ms-publictraffictype: Email\nX-OriginatorOrg: "); message.put(domain(of: author)); message.nl()
        } else {
            message.put("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")
        }
        message.put("X-Mailing-List: "); message.put(list.address); message.nl()
        message.put("List-Id: "); message.put(list.listId); message.nl()
        message.put("List-Subscribe: <mailto:"); message.put(listRequest(list, "subscribe"))
        message.put(">\nList-Unsubscribe: <mailto:"); message.put(listRequest(list, "unsubscribe"))
        message.put(">,\n <"); message.put(list.archive); message.put("unsubscribe>\n")
        message.put("List-Archive: <"); message.put(list.archive); message.put(">\n")
        message.put("Precedence: bulk\n")
        message.nl()
    }

    func listBounce(_ list: MailingList) -> String {
        let name = list.address.split(separator: "@").first.map(String.init) ?? "list"
        return name + "+bounces-" + name + "=lists.example.org@" + list.server
    }

    func listRequest(_ list: MailingList, _ what: String) -> String {
        let parts = list.address.split(separator: "@")
        return String(parts.first ?? "list") + "+" + what + "@" + String(parts.last ?? "example.org")
    }

    func domain(of person: Person) -> String {
        String(person.email.split(separator: "@").last ?? "example.org")
    }

    func foldedNoise(_ count: Int) {
        var left = count
        var first = true
        while left > 0 {
            let n = min(left, first ? 60 : 70)
            if !first { message.put("\n\t ") }
            message.putBase64Noise(n, &rng)
            left -= n
            first = false
        }
        message.put("==\n")
    }

    func writeReceived(hop: Int, of hops: Int, list: MailingList, author: Person, arrival: MailTime) {
        let t = MailTime(unix: arrival.unix - (hops - hop) * rng.within(0, 3), offsetMinutes: 0)
        message.put("Received: from ")
        switch hop {
        case 0:
            message.put(list.server); message.put(" ("); message.put(list.server); message.put(" [")
            putAddress(); message.put("])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n")
            message.put("\t(No client certificate requested)\n\tby "); message.put(list.relay)
            message.put(" (Postfix) with ESMTPS id "); message.putHex(10, &rng)
        case hops - 1:
            message.put("mail-"); message.putHex(6, &rng); message.put(".outbound."); message.put(domain(of: author))
            message.put(" (mail-"); message.putHex(6, &rng); message.put(".outbound."); message.put(domain(of: author))
            message.put(" [")
            putAddress(); message.put("])\n\tby "); message.put(list.server)
            message.put(" (Postfix) with ESMTPS id "); message.putHex(12, &rng)
        default:
            message.put("relay"); message.putInt(hop); message.append(46); message.put(list.server)
            message.put(" (localhost [127.0.0.1])\n\tby "); message.put(list.server)
            message.put(" (Postfix) with ESMTP id "); message.putHex(10, &rng)
        }
        message.put("\n\tfor <"); message.put(list.address); message.put(">; ")
        t.putRFC2822(&message, utc: true)
        message.nl()
    }

    func putAddress() {
        message.putInt(rng.within(10, 220)); message.append(46)
        message.putInt(rng.below(256)); message.append(46)
        message.putInt(rng.below(256)); message.append(46)
        message.putInt(rng.within(1, 254))
    }

    /// Writes the Subject header, folded at a space as git send-email does when it is long.
    func writeSubject(_ subject: String) {
        let bytes = Bytes(subject.utf8)
        message.put("Subject: ")
        if bytes.count + 9 <= 78 {
            message.put(bytes); message.nl(); return
        }
        var cut = min(bytes.count - 1, 78 - 9)
        while cut > 0 && bytes[cut] != 32 { cut -= 1 }
        if cut <= 0 { message.put(bytes); message.nl(); return }
        message.append(contentsOf: bytes[0..<cut]); message.put("\n"); message.append(contentsOf: bytes[cut...])
        message.nl()
        tally.foldedSubjects += 1
    }

    // MARK: Bodies

    func writeCoverBody(patches: [PatchText], version: Int, author: Person, idTail: String) {
        message.put("Hi,\n\n")
        writeParagraphs(rng.within(2, 4), into: &message, allowFrom: true)
        if version > 1 {
            for v in stride(from: version, to: 1, by: -1) {
                message.put("\nChanges in v"); message.putInt(v); message.put(":\n")
                for _ in 0..<rng.within(1, 4) { message.put(rng.pick(Words.notes)); message.nl() }
            }
            message.put("\nv"); message.putInt(version - 1); message.put(": https://lore.kernel.org/r/")
            message.putCompactNoise(&rng)
            message.put(String(idTail.dropLast())); message.nl()
        }
        message.nl()
        message.put(author.name); message.put(" ("); message.putInt(patches.count); message.put("):\n")
        var files: [Bytes] = []
        var added = 0, removed = 0
        for p in patches {
            message.put("  "); message.put(p.title); message.nl()
            for s in p.stat {
                added += s.added; removed += s.removed
                if !files.contains(s.path) { files.append(s.path) }
            }
        }
        message.nl()
        var merged: [(path: Bytes, added: Int, removed: Int)] = []
        for f in files {
            var a = 0, r = 0
            for p in patches { for s in p.stat where s.path == f { a += s.added; r += s.removed } }
            merged.append((f, a, r))
        }
        writeDiffstat(merged)
        message.put("\nbase-commit: "); message.putHex(40, &rng)
        message.put("\n-- \n2.39.2\n")
    }

    func writePatchBody(_ patch: PatchText, author: Person, version: Int) {
        message.put(patch.commitMessage)
        message.nl()
        if rng.chance(18) {
            message.put("Fixes: "); message.putHex(12, &rng); message.put(" (\"")
            message.put(rng.pick(Words.subsystems)); message.put(": "); message.put(rng.pick(Words.verbs))
            message.append(32); message.put(rng.pick(Words.objects)); message.put("\")\n")
        }
        if rng.chance(8) {
            let reporter = rng.pick(Cast.people)
            message.put("Reported-by: "); message.put(reporter.name); message.put(" <"); message.put(reporter.email)
            message.put(">\n")
        }
        if rng.chance(10) { message.put("Cc: stable@vger.kernel.org\n") }
        if rng.chance(12) {
            message.put("Link: https://lore.kernel.org/r/"); message.putCompactNoise(&rng)
            message.put("@"); message.put(rng.pick(["kernel.org", "redwater.io", "greyharbor.org"])); message.nl()
        }
        if version > 1 {
            for _ in 0..<rng.weighted([3, 3, 2]) {
                let reviewer = rng.pick(Cast.people)
                message.put(rng.pick(["Reviewed-by: ", "Acked-by: ", "Tested-by: ", "Reviewed-by: "]))
                message.put(reviewer.name); message.put(" <"); message.put(reviewer.email); message.put(">\n")
            }
        }
        message.put("Signed-off-by: "); message.put(author.name); message.put(" <"); message.put(author.email)
        message.put(">\n")
        if rng.chance(10) {
            let other = rng.pick(Cast.people)
            message.put("Cc: "); message.put(other.name); message.put(" <"); message.put(other.email); message.put(">\n")
        }
        message.put("---\n")
        if version > 1 && rng.chance(45) {
            message.put("v"); message.putInt(version); message.put(":\n")
            for _ in 0..<rng.within(1, 3) { message.put(" "); message.put(rng.pick(Words.notes)); message.nl() }
            message.nl()
        }
        writeDiffstat(patch.stat)
        message.nl()
        message.put(patch.diff)
        message.put("-- \n2.39.2\n")
    }

    func writeDiffstat(_ stat: [(path: Bytes, added: Int, removed: Int)]) {
        let width = stat.map { $0.path.count }.max() ?? 0
        let widest = stat.map { $0.added + $0.removed }.max() ?? 1
        var added = 0, removed = 0
        for s in stat {
            message.append(32); message.put(s.path)
            message.append(contentsOf: repeatElement(32, count: width - s.path.count))
            message.put(" | ")
            let total = s.added + s.removed
            var digits = 1, v = total
            while v >= 10 { v /= 10; digits += 1 }
            message.append(contentsOf: repeatElement(32, count: max(0, 3 - digits)))
            message.putInt(total)
            var plus = s.added, minus = s.removed
            if widest > 50 {
                plus = (s.added * 50 + widest - 1) / widest
                minus = (s.removed * 50 + widest - 1) / widest
            }
            if total > 0 { message.append(32) }
            message.append(contentsOf: repeatElement(43, count: plus))
            message.append(contentsOf: repeatElement(45, count: minus))
            message.nl()
            added += s.added; removed += s.removed
        }
        message.append(32); message.putInt(stat.count)
        message.put(stat.count == 1 ? " file changed" : " files changed")
        if added > 0 { message.put(", "); message.putInt(added); message.put(added == 1 ? " insertion(+)" : " insertions(+)") }
        if removed > 0 { message.put(", "); message.putInt(removed); message.put(removed == 1 ? " deletion(-)" : " deletions(-)") }
        message.nl()
    }

    // MARK: Replies

    func writeReply(to target: SentMessage) {
        now += rng.within(5, 600)
        var replierIndex = rng.below(Cast.people.count)
        if replierIndex == target.author { replierIndex = (replierIndex + 1) % Cast.people.count }
        let replier = Cast.people[replierIndex]
        let time = MailTime(unix: now, offsetMinutes: replier.offsetMinutes)
        // ~3% of all messages quoted-printable and ~2% base64, all from Outlook-like senders.
        let roll = rng.below(1000)
        let encoding: String? = roll < 120 ? "quoted-printable" : (roll < 200 ? "base64" : nil)
        let outlook = encoding != nil || (replier.outlook && rng.chance(50))
        var messageId = "<"
        if outlook {
            var b: Bytes = []
            let box = "SN" + String(rng.within(4, 7)) + "PR" + String(rng.within(10, 12)) + "MB" + String(rng.within(1000, 9999))
            b.put(box); b.putHex(16, &rng)
            messageId += String(decoding: b, as: UTF8.self).uppercased() + "@" + box + ".namprd" + String(rng.within(10, 12)) + ".prod.outlook.com>"
        } else {
            var b: Bytes = []
            b.putBase64Noise(16, &rng)
            let clean = b.map { $0 == 43 || $0 == 47 ? UInt8(88) : $0 }
            messageId += String(decoding: clean, as: UTF8.self) + "@" + rng.pick(["thinkpad", "workstation", "devbox", "x1", "lab-arm64"]) + ">"
        }
        let original = target.subject.hasPrefix("Re: ") ? target.subject : "Re: " + target.subject
        let refs = target.references + [target.messageId]

        scratch.removeAll(keepingCapacity: true)
        writeReplyText(to: target, replier: replier, outlook: outlook, into: &scratch)

        message.removeAll(keepingCapacity: true)
        writeHeaders(from: replierIndex, list: target.list, subject: original, messageId: messageId, time: time,
                     references: refs, cc: [Cast.people[target.author].header, Cast.lists[1 - target.list].address],
                     gitSendEmail: false, encoding: encoding)
        switch encoding {
        case "quoted-printable"?:
            QuotedPrintable.encodeBody(scratch, into: &message)
            tally.quotedPrintable += 1
        case "base64"?:
            var crlf: Bytes = []
            crlf.reserveCapacity(scratch.count + scratch.count / 30)
            for c in scratch {
                if c == 10 { crlf.append(13) }
                crlf.append(c)
            }
            Base64.encodeBody(crlf, into: &message)
            tally.base64 += 1
        default:
            message.put(scratch)
        }
        emit()
        tally.replies += 1
    }

    func writeReplyText(to target: SentMessage, replier: Person, outlook: Bool, into out: inout Bytes) {
        let author = Cast.people[target.author]
        if outlook {
            out.put("> From: "); out.put(author.name); out.put(" <"); out.put(author.email); out.put(">\n")
            out.put("> Sent: "); target.time.putOutlookSent(&out); out.nl()
            out.put(">\n")
        } else {
            out.put("On "); target.time.putAttribution(&out); out.put(", "); out.put(author.name)
            out.put(" wrote:\n")
        }
        var line = 0
        var usedComments: [Int] = []
        let excerpt = target.excerpt
        let rounds = rng.within(1, 3)
        for round in 0..<rounds {
            let take = rng.within(2, 10)
            var quoted = 0
            while quoted < take && line < excerpt.count {
                out.put(excerpt[line].isEmpty ? ">" : "> "); out.put(excerpt[line]); out.nl()
                line += 1; quoted += 1
            }
            if round == 0 && rng.chancePermille(40) {
                // Some mailers quote without a space: a line that starts ">From " in the original.
                out.put(">"); out.put(rng.pick(Words.fromSentences)); out.nl()
                tally.fromLines += 1
            }
            out.nl()
            var column = 0
            for _ in 0..<rng.within(1, 3) {
                let pool = outlook ? Words.outlookComments : Words.comments
                var pick = rng.below(pool.count)
                var tries = 0
                while usedComments.contains(pick) && tries < pool.count { pick = (pick + 1) % pool.count; tries += 1 }
                usedComments.append(pick)
                wrap(pool[pick], column: &column, into: &out)
            }
            out.put("\n\n")
        }
        if rng.chance(40) {
            out.put(rng.pick(["Reviewed-by: ", "Acked-by: ", "Tested-by: ", "Reviewed-by: "]))
            out.put(replier.name); out.put(" <"); out.put(replier.email); out.put(">\n\n")
        }
        let signOff = rng.pick(Words.signOffs)
        if !signOff.isEmpty { out.put(signOff); out.nl(); out.put(replier.firstName); out.nl() }
    }

    func emit() {
        writer.append(message: message)
        tally.messages += 1
    }
}


extension Array where Element == UInt8 {
    /// A made-up git send-email message id stem: `20231102101530.123456-1`.
    mutating func putCompactNoise(_ rng: inout XorShift) {
        putInt(2023); putPadded(rng.within(1, 11), width: 2); putPadded(rng.within(1, 28), width: 2)
        putPadded(rng.below(24), width: 2); putPadded(rng.below(60), width: 2); putPadded(rng.below(60), width: 2)
        append(46); putInt(rng.within(100_000, 4_999_999)); append(45); putInt(rng.within(1, 9))
    }
}

// MARK: - Command line

func usage() -> Never {
    fail("usage: mbox-generator --size-mb N --seed S --format mboxrd|mboxo OUT", code: 64)
}

var sizeMB = 40
var seed: UInt64 = 1
var format = MboxFormat.mboxrd
var outPath: String? = nil
var arguments = CommandLine.arguments.dropFirst()
while let arg = arguments.popFirst() {
    switch arg {
    case "--size-mb":
        guard let v = arguments.popFirst(), let n = Int(v), n > 0 else { usage() }
        sizeMB = n
    case "--seed":
        guard let v = arguments.popFirst(), let n = UInt64(v) else { usage() }
        seed = n
    case "--format":
        guard let v = arguments.popFirst(), let f = MboxFormat(rawValue: v) else { usage() }
        format = f
    case "-h", "--help":
        usage()
    default:
        if arg.hasPrefix("-") || outPath != nil { usage() }
        outPath = arg
    }
}
guard let outPath else { usage() }

let fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
if fd < 0 { fail("cannot open \(outPath): \(String(cString: strerror(errno)))", code: 73) }

var start = timespec()
clock_gettime(CLOCK_MONOTONIC, &start)
var traffic = Traffic(seed: seed, writer: MboxWriter(fd: fd, format: format, seed: seed))
traffic.run(targetBytes: sizeMB << 20)
if close(fd) != 0 { fail("close failed: \(String(cString: strerror(errno)))", code: 74) }
var end = timespec()
clock_gettime(CLOCK_MONOTONIC, &end)
let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9

let t = traffic.tally
let bytes = traffic.writer.totalBytes
let summary = """
    messages: \(t.messages)
    series: \(t.series)
    new-versions-of-earlier-series: \(t.newVersions)
    bytes: \(bytes)
    patches: \(t.patches)
    cover-letters: \(t.covers)
    replies: \(t.replies)
    quoted-printable: \(t.quotedPrintable)
    base64: \(t.base64)
    from-lines-escaped: \(traffic.writer.escapedLines)
    folded-subjects: \(t.foldedSubjects)
    format: \(format.rawValue)
    seconds: \(String(Int(seconds * 100) / 100)).\(Int(seconds * 100) % 100 < 10 ? "0" : "")\(Int(seconds * 100) % 100)
    MiB/s: \(seconds > 0 ? Int(Double(bytes) / 1_048_576 / seconds) : 0)

    """
var summaryBytes = Bytes(summary.utf8)
summaryBytes.withUnsafeBytes { _ = write(2, $0.baseAddress!, $0.count) }
