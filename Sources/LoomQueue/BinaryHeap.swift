// BinaryHeap: a minimal array-backed min-heap (the package does not depend on swift-collections).

/// A binary min-heap: `first` is the smallest element, so an element type orders itself by
/// "comes out first" (`<`).
struct BinaryHeap<Element: Comparable> {
    private var storage: [Element] = []

    init() {}

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }
    var first: Element? { storage.first }

    mutating func insert(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child] < storage[parent] else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> Element? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let top = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < storage.count, storage[left] < storage[best] { best = left }
            if right < storage.count, storage[right] < storage[best] { best = right }
            if best == parent { break }
            storage.swapAt(parent, best)
            parent = best
        }
        return top
    }

    mutating func removeAll() { storage.removeAll() }
}
extension BinaryHeap: Sendable where Element: Sendable {}
