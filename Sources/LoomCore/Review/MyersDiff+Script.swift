// MyersDiff+Script: the shortest edit script between two line sequences (Myers 1986, greedy forward pass).

extension MyersDiff {
    /// One step of an edit script.
    enum Op: UInt8 { case equal, delete, insert }

    /// Edit script turning `a` into `b`, deletions before insertions in each change.
    static func script(_ a: [Int32], _ b: [Int32], maxEditDistance: Int) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var ops = [Op](repeating: .equal, count: prefix)
        if let middle = shortestScript(middleA, middleB, cap: maxEditDistance) {
            ops += middle
        } else {
            ops += [Op](repeating: .delete, count: middleA.count) + [Op](repeating: .insert, count: middleB.count)
        }
        ops += [Op](repeating: .equal, count: suffix)
        return groupDeletionsFirst(ops)
    }

    /// Myers' greedy search with the frontier saved per step for the walk back; nil when the
    /// distance exceeds `cap`.
    private static func shortestScript(_ a: [Int32], _ b: [Int32], cap: Int) -> [Op]? {
        let n = a.count
        let m = b.count
        if n == 0 { return [Op](repeating: .insert, count: m) }
        if m == 0 { return [Op](repeating: .delete, count: n) }
        let maxD = min(n + m, cap)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        // Frontier after step d, diagonals -d...d, stored back to back (O(D²) in total).
        var trace: [Int32] = []
        var starts: [Int] = []
        for d in 0...maxD {
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    return walkBack(n: n, m: m, distance: d, trace: trace, starts: starts)
                }
            }
            starts.append(trace.count)
            for k in -d...d { trace.append(Int32(v[offset + k])) }
        }
        return nil
    }

    /// Follows the saved frontiers from (n, m) back to (0, 0).
    private static func walkBack(n: Int, m: Int, distance: Int, trace: [Int32], starts: [Int]) -> [Op] {
        func frontier(_ d: Int, _ k: Int) -> Int { Int(trace[starts[d] + k + d]) }
        var reversed: [Op] = []
        reversed.reserveCapacity(n + m)
        var x = n
        var y = m
        for d in stride(from: distance, to: 0, by: -1) {
            let k = x - y
            let down = k == -d || (k != d && frontier(d - 1, k - 1) < frontier(d - 1, k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = frontier(d - 1, previousK)
            let snakeStart = down ? previousX : previousX + 1
            while x > snakeStart {
                reversed.append(.equal)
                x -= 1
                y -= 1
            }
            reversed.append(down ? .insert : .delete)
            x = previousX
            y = previousX - previousK
        }
        while x > 0 {
            reversed.append(.equal)
            x -= 1
        }
        return reversed.reversed()
    }

    /// Within each run of changes, all deletions first: how git prints a change.
    private static func groupDeletionsFirst(_ ops: [Op]) -> [Op] {
        var result: [Op] = []
        result.reserveCapacity(ops.count)
        var index = 0
        while index < ops.count {
            guard ops[index] != .equal else {
                result.append(.equal)
                index += 1
                continue
            }
            var end = index
            var deletions = 0
            while end < ops.count, ops[end] != .equal {
                if ops[end] == .delete { deletions += 1 }
                end += 1
            }
            result += [Op](repeating: .delete, count: deletions)
            result += [Op](repeating: .insert, count: end - index - deletions)
            index = end
        }
        return result
    }
}
