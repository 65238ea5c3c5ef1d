/// The part of the kernel a path belongs to, for grouping a series' files (design section 3).
public enum Area: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `arch/<name>/...`, other than its `kvm/` folder.
    case arch(String)
    /// `include/asm-generic/`.
    case generic
    /// `mm/`, `include/linux/mm*.h`, `include/linux/mmu_notifier.h`, `include/linux/pgtable.h`.
    case coreMM
    /// `drivers/iommu/`.
    case iommu
    /// `virt/kvm/` and `arch/*/kvm/`.
    case kvm
    /// Other mmu_notifier users: ocxl, SGI GRU, GPU SVM code, RDMA on-demand paging.
    case notifierUser
    /// `Documentation/`.
    case docs
    case other

    /// The area's name in output: `arm64`, `generic`, `core-mm`, `iommu`, `kvm`, `notifier-user`, `docs`, `other`.
    public var description: String {
        switch self {
        case .arch(let name): name
        case .generic: "generic"
        case .coreMM: "core-mm"
        case .iommu: "iommu"
        case .kvm: "kvm"
        case .notifierUser: "notifier-user"
        case .docs: "docs"
        case .other: "other"
        }
    }

    /// The arch name when this is an arch area.
    public var archName: String? {
        if case .arch(let name) = self { return name }
        return nil
    }

    private var rank: Int {
        switch self {
        case .arch: 0
        case .generic: 1
        case .coreMM: 2
        case .iommu: 3
        case .kvm: 4
        case .notifierUser: 5
        case .docs: 6
        case .other: 7
        }
    }

    public static func < (lhs: Area, rhs: Area) -> Bool {
        if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
        return lhs.description < rhs.description
    }

    /// The area of a path relative to the top of the kernel tree. Paths are compared as bytes:
    /// every name this looks for is ASCII, and a range asks for every file of every commit (split
    /// and compared as a `String`'s views, a path cost ~10k instructions).
    public init(path: String) {
        var path = path
        self = path.withUTF8 { Area.of($0) }
    }

    private static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> Area {
        var components: [Slice<UnsafeBufferPointer<UInt8>>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { components.append(bytes[start..<index]) }
            start = index + 1
        }
        guard let first = components.first else { return .other }
        func equal(_ component: Slice<UnsafeBufferPointer<UInt8>>, _ name: StaticString) -> Bool {
            component.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        if equal(first, "arch"), components.count >= 3 {
            return equal(components[2], "kvm") ? .kvm : .arch(String(decoding: components[1], as: UTF8.self))
        } else if equal(first, "virt"), components.count >= 2, equal(components[1], "kvm") {
            return .kvm
        } else if equal(first, "mm") {
            return .coreMM
        } else if equal(first, "Documentation") {
            return .docs
        } else if equal(first, "include"), components.count >= 3 {
            let directory = components[1]
            let file = components[components.count - 1]
            if equal(directory, "asm-generic") {
                return .generic
            } else if equal(directory, "linux"), components.count == 3,
                      file.starts(with: "mm".utf8) || equal(file, "pgtable.h") || equal(file, "hugetlb.h") || equal(file, "rmap.h") {
                return .coreMM
            }
            return .other
        } else if equal(first, "drivers"), components.count >= 3 {
            return Area.driverArea(components.map { Substring(String(decoding: $0, as: UTF8.self)) })
        }
        return .other
    }

    private static func driverArea(_ components: [Substring]) -> Area {
        let subsystem = components[1]
        let file = components[components.count - 1]
        switch subsystem {
        case "iommu":
            return .iommu
        case "misc" where components[2] == "ocxl" || components[2] == "sgi-gru":
            return .notifierUser
        case "gpu" where file.contains("svm") || file.contains("hmm") || file.contains("userptr"):
            return .notifierUser
        case "infiniband" where file.contains("odp"):
            return .notifierUser
        default:
            return .other
        }
    }
}
