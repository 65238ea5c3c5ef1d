import PatchModel

/// The rules of design section 6 that turn a patch's findings and simulation into the trailer it
/// has earned, and a series' patches into the series' verdict.
public enum VerdictRules {
    /// `needs-work` for any error or warning; `not-applicable` when the patch touches no file the
    /// model reads; `reviewed-by` when a fix is shown or no placement changed on any arch. A
    /// placement change that shows no fix and raised no warning earns no trailer either: it is
    /// `needs-work`, since nothing shows the change is right.
    public static func verdict(findings: [Finding], placementChanged: Bool, fixShown: Bool,
                               touchesModel: Bool) -> Verdict {
        if findings.contains(where: { $0.severity >= .warning }) { return .needsWork }
        if !touchesModel { return .notApplicable }
        if fixShown || !placementChanged { return .reviewedBy }
        return .needsWork
    }

    /// The worst verdict of the patches the model could read: `needs-work` if any patch needs
    /// work, else `reviewed-by` if any patch earned it; `not-applicable` only when every patch is
    /// (a documentation patch does not make a reviewed series "not applicable").
    public static func series(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.needsWork) { return .needsWork }
        if verdicts.contains(.reviewedBy) { return .reviewedBy }
        return .notApplicable
    }

    /// The model reads arch code, asm-generic, core mm and IOMMU drivers.
    public static func touchesModel(_ files: [FileSummary]) -> Bool {
        files.contains { file in
            switch file.area {
            case .arch, .generic, .coreMM, .iommu: true
            default: false
            }
        }
    }
}
