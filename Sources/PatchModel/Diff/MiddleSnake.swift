/// The search that marks which lines changed, as xdiff does it for git's default algorithm: the common
/// first and last lines are set aside; of the lines between, one without an equal line on the other
/// side is changed at once, and one whose class is very common on the other side is too when it sits
/// among such lines; the rest go to Myers' divide and conquer, which splits each box at a middle snake
/// and, past a cost of 256, settles for a good enough split instead of the best.
enum MiddleSnake {
    /// A snake longer than this makes the search look for an early split.
    static let snakeLength = 20
    /// The cost past which an early split is looked for.
    static let heuristicCost = 256
    /// The smallest cost at which the search gives up on the best split.
    static let minimumMaximumCost = 256
    /// How far, in lines, the scan around a very common line looks.
    static let commonLineWindow = 100
    /// The most occurrences a line may have on the other side before it counts as very common.
    static let maximumEqualLimit = 1024

    /// Marks every changed line of both sides.
    static func markChanges(_ sides: inout ClassifiedLines) {
        let oldCount = sides.old.count
        let newCount = sides.new.count
        // Common first and last lines.
        var prefix = 0
        while prefix < min(oldCount, newCount), sides.old.classes[prefix] == sides.new.classes[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(oldCount, newCount) - prefix,
              sides.old.classes[oldCount - 1 - suffix] == sides.new.classes[newCount - 1 - suffix] { suffix += 1 }
        let oldKept = keptLines(&sides.old, from: prefix, through: oldCount - suffix - 1, otherCounts: sides.newCounts)
        let newKept = keptLines(&sides.new, from: prefix, through: newCount - suffix - 1, otherCounts: sides.oldCounts)
        var search = Search(oldLines: oldKept.lines, oldClasses: oldKept.classes,
                            newLines: newKept.lines, newClasses: newKept.classes)
        search.run(old: &sides.old, new: &sides.new)
    }

    /// The lines between `first` and `last` that go to the search (with their classes); the others
    /// are marked changed. `otherCounts` counts each class on the other side.
    static func keptLines(_ side: inout DiffSide, from first: Int, through last: Int,
                          otherCounts: [Int32]) -> (lines: [Int], classes: [Int32]) {
        guard first <= last else { return ([], []) }
        let limit = Int32(min(roughSquareRoot(side.count), maximumEqualLimit))
        let count = last - first + 1
        // 0: no partner, 1: kept, 2: very common.
        let kind = side.classes.withUnsafeBufferPointer { classes in
            otherCounts.withUnsafeBufferPointer { counts in
                [UInt8](unsafeUninitializedCapacity: count) { kind, initialized in
                    for offset in 0..<count {
                        let others = counts[Int(classes[first + offset])]
                        kind[offset] = others == 0 ? 0 : others >= limit ? 2 : 1
                    }
                    initialized = count
                }
            }
        }
        var kept = 0
        var lines = [Int](repeating: 0, count: count)
        var classes = [Int32](repeating: 0, count: count)
        side.classes.withUnsafeBufferPointer { sideClasses in
            side.changed.withUnsafeMutableBufferPointer { changed in
                lines.withUnsafeMutableBufferPointer { lines in
                    classes.withUnsafeMutableBufferPointer { classes in
                        for offset in 0..<count {
                            let value = kind[offset]
                            if value == 1 || (value == 2 && !amongUnmatched(kind, offset)) {
                                lines[kept] = first + offset
                                classes[kept] = sideClasses[first + offset]
                                kept += 1
                            } else {
                                changed[first + offset + 1] = true  // `changed` has a sentinel before line 0
                            }
                        }
                    }
                }
            }
        }
        lines.removeLast(count - kept)
        classes.removeLast(count - kept)
        return (lines, classes)
    }

    /// Whether the very common line at `index` sits in a run of lines without partners or very
    /// common ones, with lines without partners on both sides, and those make up more than a
    /// quarter of the run.
    static func amongUnmatched(_ kind: [UInt8], _ index: Int) -> Bool {
        let start = max(0, index - commonLineWindow)
        let end = min(kind.count - 1, index + commonLineWindow)
        var unmatchedBefore = 0
        var commonBefore = 1
        var step = 1
        while index - step >= start {
            let value = kind[index - step]
            if value == 0 { unmatchedBefore += 1 } else if value == 2 { commonBefore += 1 } else { break }
            step += 1
        }
        if unmatchedBefore == 0 { return false }
        var unmatchedAfter = 0
        var commonAfter = 1
        step = 1
        while index + step <= end {
            let value = kind[index + step]
            if value == 0 { unmatchedAfter += 1 } else if value == 2 { commonAfter += 1 } else { break }
            step += 1
        }
        if unmatchedAfter == 0 { return false }
        let unmatched = unmatchedBefore + unmatchedAfter
        let common = commonBefore + commonAfter
        return common * 4 < common + unmatched
    }

    /// A power of two near the square root of `value` (xdiff's measure for its limits).
    static func roughSquareRoot(_ value: Int) -> Int {
        var root = 1
        var rest = value
        while rest > 0 {
            root <<= 1
            rest >>= 2
        }
        return root
    }

    /// Myers' search over the kept lines of both sides: `oldClasses[i]` is the class of old line
    /// `oldLines[i]`.
    struct Search {
        let oldLines: [Int]
        let oldClasses: [Int32]
        let newLines: [Int]
        let newClasses: [Int32]
        /// The furthest-reaching old index on each diagonal, forward and backward, offset by `origin`.
        var forward: [Int]
        var backward: [Int]
        let origin: Int
        let maximumCost: Int

        init(oldLines: [Int], oldClasses: [Int32], newLines: [Int], newClasses: [Int32]) {
            self.oldLines = oldLines
            self.oldClasses = oldClasses
            self.newLines = newLines
            self.newClasses = newClasses
            let diagonals = oldLines.count + newLines.count + 3
            forward = [Int](repeating: 0, count: diagonals)
            backward = [Int](repeating: 0, count: diagonals)
            origin = newLines.count + 1
            maximumCost = max(MiddleSnake.roughSquareRoot(diagonals), MiddleSnake.minimumMaximumCost)
        }

        /// A box of the search: old `[oldLow, oldHigh)` against new `[newLow, newHigh)`.
        struct Box {
            var oldLow: Int, oldHigh: Int, newLow: Int, newHigh: Int
            var needMinimal: Bool
        }

        /// Where a box splits, and whether each half needs the best split.
        struct Split {
            var old: Int, new: Int
            var minimalLow: Bool, minimalHigh: Bool
        }

        mutating func run(old: inout DiffSide, new: inout DiffSide) {
            var boxes = [Box(oldLow: 0, oldHigh: oldClasses.count, newLow: 0, newHigh: newClasses.count, needMinimal: false)]
            while var box = boxes.popLast() {
                while box.oldLow < box.oldHigh, box.newLow < box.newHigh,
                      oldClasses[box.oldLow] == newClasses[box.newLow] {
                    box.oldLow += 1
                    box.newLow += 1
                }
                while box.oldLow < box.oldHigh, box.newLow < box.newHigh,
                      oldClasses[box.oldHigh - 1] == newClasses[box.newHigh - 1] {
                    box.oldHigh -= 1
                    box.newHigh -= 1
                }
                if box.oldLow == box.oldHigh {
                    for index in box.newLow..<box.newHigh { new.setChanged(newLines[index], true) }
                } else if box.newLow == box.newHigh {
                    for index in box.oldLow..<box.oldHigh { old.setChanged(oldLines[index], true) }
                } else {
                    let split = self.split(box)
                    boxes.append(Box(oldLow: split.old, oldHigh: box.oldHigh, newLow: split.new,
                                     newHigh: box.newHigh, needMinimal: split.minimalHigh))
                    boxes.append(Box(oldLow: box.oldLow, oldHigh: split.old, newLow: box.newLow,
                                     newHigh: split.new, needMinimal: split.minimalLow))
                }
            }
        }

        /// The middle snake of `box`, or a split found by the cost cut-offs.
        mutating func split(_ box: Box) -> Split {
            let (oldLow, oldHigh, newLow, newHigh) = (box.oldLow, box.oldHigh, box.newLow, box.newHigh)
            let lowestDiagonal = oldLow - newHigh
            let highestDiagonal = oldHigh - newLow
            let forwardMiddle = oldLow - newLow
            let backwardMiddle = oldHigh - newHigh
            let odd = (forwardMiddle - backwardMiddle) & 1 != 0
            var forwardMin = forwardMiddle, forwardMax = forwardMiddle
            var backwardMin = backwardMiddle, backwardMax = backwardMiddle
            let o = origin
            forward[forwardMiddle + o] = oldLow
            backward[backwardMiddle + o] = oldHigh

            var cost = 1
            while true {
                var gotSnake = false
                if forwardMin > lowestDiagonal {
                    forwardMin -= 1
                    forward[forwardMin - 1 + o] = -1
                } else {
                    forwardMin += 1
                }
                if forwardMax < highestDiagonal {
                    forwardMax += 1
                    forward[forwardMax + 1 + o] = -1
                } else {
                    forwardMax -= 1
                }
                var diagonal = forwardMax
                while diagonal >= forwardMin {
                    var oldIndex = forward[diagonal - 1 + o] >= forward[diagonal + 1 + o]
                        ? forward[diagonal - 1 + o] + 1 : forward[diagonal + 1 + o]
                    let start = oldIndex
                    var newIndex = oldIndex - diagonal
                    while oldIndex < oldHigh, newIndex < newHigh, oldClasses[oldIndex] == newClasses[newIndex] {
                        oldIndex += 1
                        newIndex += 1
                    }
                    if oldIndex - start > MiddleSnake.snakeLength { gotSnake = true }
                    forward[diagonal + o] = oldIndex
                    if odd, backwardMin <= diagonal, diagonal <= backwardMax, backward[diagonal + o] <= oldIndex {
                        return Split(old: oldIndex, new: newIndex, minimalLow: true, minimalHigh: true)
                    }
                    diagonal -= 2
                }

                if backwardMin > lowestDiagonal {
                    backwardMin -= 1
                    backward[backwardMin - 1 + o] = Int.max
                } else {
                    backwardMin += 1
                }
                if backwardMax < highestDiagonal {
                    backwardMax += 1
                    backward[backwardMax + 1 + o] = Int.max
                } else {
                    backwardMax -= 1
                }
                diagonal = backwardMax
                while diagonal >= backwardMin {
                    var oldIndex = backward[diagonal - 1 + o] < backward[diagonal + 1 + o]
                        ? backward[diagonal - 1 + o] : backward[diagonal + 1 + o] - 1
                    let start = oldIndex
                    var newIndex = oldIndex - diagonal
                    while oldIndex > oldLow, newIndex > newLow, oldClasses[oldIndex - 1] == newClasses[newIndex - 1] {
                        oldIndex -= 1
                        newIndex -= 1
                    }
                    if start - oldIndex > MiddleSnake.snakeLength { gotSnake = true }
                    backward[diagonal + o] = oldIndex
                    if !odd, forwardMin <= diagonal, diagonal <= forwardMax, oldIndex <= forward[diagonal + o] {
                        return Split(old: oldIndex, new: newIndex, minimalLow: true, minimalHigh: true)
                    }
                    diagonal -= 2
                }

                if box.needMinimal {
                    cost += 1
                    continue
                }

                if gotSnake, cost > MiddleSnake.heuristicCost {
                    // A diagonal far along from the box's corner, ending a long enough snake.
                    var best = 0
                    var found: Split?
                    diagonal = forwardMax
                    while diagonal >= forwardMin {
                        let distance = abs(diagonal - forwardMiddle)
                        let oldIndex = forward[diagonal + o]
                        let newIndex = oldIndex - diagonal
                        let value = (oldIndex - oldLow) + (newIndex - newLow) - distance
                        if value > 4 * cost, value > best,
                           oldLow + MiddleSnake.snakeLength <= oldIndex, oldIndex < oldHigh,
                           newLow + MiddleSnake.snakeLength <= newIndex, newIndex < newHigh {
                            var k = 1
                            while oldClasses[oldIndex - k] == newClasses[newIndex - k] {
                                if k == MiddleSnake.snakeLength {
                                    best = value
                                    found = Split(old: oldIndex, new: newIndex, minimalLow: true, minimalHigh: false)
                                    break
                                }
                                k += 1
                            }
                        }
                        diagonal -= 2
                    }
                    if let found { return found }

                    best = 0
                    diagonal = backwardMax
                    while diagonal >= backwardMin {
                        let distance = abs(diagonal - backwardMiddle)
                        let oldIndex = backward[diagonal + o]
                        let newIndex = oldIndex - diagonal
                        let value = (oldHigh - oldIndex) + (newHigh - newIndex) - distance
                        if value > 4 * cost, value > best,
                           oldLow < oldIndex, oldIndex <= oldHigh - MiddleSnake.snakeLength,
                           newLow < newIndex, newIndex <= newHigh - MiddleSnake.snakeLength {
                            var k = 0
                            while oldClasses[oldIndex + k] == newClasses[newIndex + k] {
                                if k == MiddleSnake.snakeLength - 1 {
                                    best = value
                                    found = Split(old: oldIndex, new: newIndex, minimalLow: false, minimalHigh: true)
                                    break
                                }
                                k += 1
                            }
                        }
                        diagonal -= 2
                    }
                    if let found { return found }
                }

                if cost >= maximumCost {
                    // Too costly: take the furthest-reaching path of either direction.
                    var forwardBest = -1, forwardBestOld = -1
                    diagonal = forwardMax
                    while diagonal >= forwardMin {
                        var oldIndex = min(forward[diagonal + o], oldHigh)
                        var newIndex = oldIndex - diagonal
                        if newHigh < newIndex {
                            oldIndex = newHigh + diagonal
                            newIndex = newHigh
                        }
                        if forwardBest < oldIndex + newIndex {
                            forwardBest = oldIndex + newIndex
                            forwardBestOld = oldIndex
                        }
                        diagonal -= 2
                    }
                    var backwardBest = Int.max, backwardBestOld = Int.max
                    diagonal = backwardMax
                    while diagonal >= backwardMin {
                        var oldIndex = max(oldLow, backward[diagonal + o])
                        var newIndex = oldIndex - diagonal
                        if newIndex < newLow {
                            oldIndex = newLow + diagonal
                            newIndex = newLow
                        }
                        if oldIndex + newIndex < backwardBest {
                            backwardBest = oldIndex + newIndex
                            backwardBestOld = oldIndex
                        }
                        diagonal -= 2
                    }
                    if (oldHigh + newHigh) - backwardBest < forwardBest - (oldLow + newLow) {
                        return Split(old: forwardBestOld, new: forwardBest - forwardBestOld, minimalLow: true, minimalHigh: false)
                    }
                    return Split(old: backwardBestOld, new: backwardBest - backwardBestOld, minimalLow: false, minimalHigh: true)
                }
                cost += 1
            }
        }
    }
}
