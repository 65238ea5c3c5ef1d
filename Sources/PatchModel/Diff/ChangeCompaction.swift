/// Slides each group of changed lines of one side as xdiff does after the search: a group that can
/// move (its first line equals the line after it, or its last the line before) is moved as far up
/// and then as far down as it goes, merging with the groups it meets; it is then lined up with the
/// last position where it faces a change on the other side, else placed by the indent heuristic: the
/// shift whose two splits score best on blank lines and indentation around them.
enum ChangeCompaction {
    /// The furthest a group is slid for the indent heuristic.
    static let maximumSliding = 100
    /// Blank lines counted on either side of a split.
    static let maximumBlanks = 20

    /// A group of changed lines `[start, end)` (empty between two unchanged lines).
    struct Group {
        var start = 0
        var end = 0
    }

    static func compact(_ side: inout DiffSide, against other: inout DiffSide) {
        var group = first(side)
        var otherGroup = first(other)
        while true {
            if group.end != group.start {
                var earliestEnd = 0
                var endFacingChange = -1
                var size = 0
                repeat {
                    size = group.end - group.start
                    endFacingChange = -1
                    while slideUp(&side, &group) { previous(other, &otherGroup) }
                    earliestEnd = group.end
                    if otherGroup.end > otherGroup.start { endFacingChange = group.end }
                    while slideDown(&side, &group) {
                        next(other, &otherGroup)
                        if otherGroup.end > otherGroup.start { endFacingChange = group.end }
                    }
                } while size != group.end - group.start

                if group.end == earliestEnd {
                    // It cannot move.
                } else if endFacingChange != -1 {
                    while otherGroup.end == otherGroup.start, slideUp(&side, &group) {
                        previous(other, &otherGroup)
                    }
                } else {
                    var shift = max(earliestEnd, group.end - size - 1, group.end - maximumSliding)
                    var bestShift = -1
                    var best = SplitScore()
                    while shift <= group.end {
                        var score = SplitScore()
                        score.add(measure(side, split: shift))
                        score.add(measure(side, split: shift - size))
                        if bestShift == -1 || score.compare(best) <= 0 {
                            best = score
                            bestShift = shift
                        }
                        shift += 1
                    }
                    while group.end > bestShift, slideUp(&side, &group) {
                        previous(other, &otherGroup)
                    }
                }
            }
            guard next(side, &group) else { break }
            next(other, &otherGroup)
        }
    }

    static func first(_ side: DiffSide) -> Group {
        var group = Group()
        while side.isChanged(group.end) { group.end += 1 }
        return group
    }

    /// Moves to the next group (possibly empty); false at the end of the side.
    @discardableResult
    static func next(_ side: DiffSide, _ group: inout Group) -> Bool {
        guard group.end != side.count else { return false }
        group.start = group.end + 1
        group.end = group.start
        while side.isChanged(group.end) { group.end += 1 }
        return true
    }

    /// Moves to the previous group (possibly empty); false at the start of the side.
    @discardableResult
    static func previous(_ side: DiffSide, _ group: inout Group) -> Bool {
        guard group.start != 0 else { return false }
        group.end = group.start - 1
        group.start = group.end
        while side.isChanged(group.start - 1) { group.start -= 1 }
        return true
    }

    /// Slides the group one line down, taking in the group it then touches.
    static func slideDown(_ side: inout DiffSide, _ group: inout Group) -> Bool {
        guard group.end < side.count, side.classes[group.start] == side.classes[group.end] else { return false }
        side.setChanged(group.start, false)
        group.start += 1
        side.setChanged(group.end, true)
        group.end += 1
        while side.isChanged(group.end) { group.end += 1 }
        return true
    }

    /// Slides the group one line up, taking in the group it then touches.
    static func slideUp(_ side: inout DiffSide, _ group: inout Group) -> Bool {
        guard group.start > 0, side.classes[group.start - 1] == side.classes[group.end - 1] else { return false }
        group.start -= 1
        side.setChanged(group.start, true)
        group.end -= 1
        side.setChanged(group.end, false)
        while side.isChanged(group.start - 1) { group.start -= 1 }
        return true
    }

    /// What surrounds a split before line `split`: that line's indent, and the blank lines and
    /// indent before and after it.
    struct SplitMeasure {
        var endOfFile = false
        var indent: Int?
        var blanksBefore = 0
        var indentBefore: Int?
        var blanksAfter = 0
        var indentAfter: Int?
    }

    static func measure(_ side: DiffSide, split: Int) -> SplitMeasure {
        var measure = SplitMeasure()
        if split >= side.count {
            measure.endOfFile = true
        } else {
            measure.indent = side.indent(split)
        }
        (measure.blanksBefore, measure.indentBefore) = nearestIndent(side, from: split - 1, step: -1)
        (measure.blanksAfter, measure.indentAfter) = nearestIndent(side, from: split + 1, step: 1)
        return measure
    }

    /// The blank lines from `line` on (walking by `step`) and the indent of the first line that is
    /// not blank; after the most blank lines counted, an indent of 0; `nil` past the file's end.
    static func nearestIndent(_ side: DiffSide, from start: Int, step: Int) -> (blanks: Int, indent: Int?) {
        var blanks = 0
        var line = start
        while line >= 0, line < side.count {
            if let indent = side.indent(line) { return (blanks, indent) }
            blanks += 1
            if blanks == maximumBlanks { return (blanks, 0) }
            line += step
        }
        return (blanks, nil)
    }

    /// The badness of a shift: the sum of its splits' effective indents, then penalties.
    struct SplitScore {
        var effectiveIndent = 0
        var penalty = 0

        mutating func add(_ split: SplitMeasure) {
            if split.indentBefore == nil, split.blanksBefore == 0 { penalty += 1 }
            if split.endOfFile { penalty += 21 }
            let blanksAfter = split.indent == nil ? 1 + split.blanksAfter : 0
            let blanks = split.blanksBefore + blanksAfter
            penalty += -30 * blanks + 6 * blanksAfter
            let indent = split.indent ?? split.indentAfter
            effectiveIndent += indent ?? -1
            guard let indent, let before = split.indentBefore else { return }
            let anyBlanks = blanks != 0
            if indent > before {
                penalty += anyBlanks ? 10 : -4
            } else if indent < before {
                if let after = split.indentAfter, after > indent {
                    penalty += anyBlanks ? 17 : 24
                } else {
                    penalty += anyBlanks ? 17 : 23
                }
            }
        }

        /// Negative when `self` is better than `other`.
        func compare(_ other: SplitScore) -> Int {
            let indents = (effectiveIndent > other.effectiveIndent ? 1 : 0) - (effectiveIndent < other.effectiveIndent ? 1 : 0)
            return 60 * indents + (penalty - other.penalty)
        }
    }
}
