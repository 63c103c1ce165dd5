// ConstantTime: comparisons of secrets and MACs whose running time does not depend on where they differ.

/// Byte comparisons for secrets, signatures and tokens.
///
/// An early-exit `==` tells an attacker, through timing, how many leading bytes of a forged MAC
/// were right; these functions always look at every byte. Only the lengths may leak, and those
/// are public anyway (a digest's size, or the length of what the caller sent).
public enum ConstantTime {
    /// True when `lhs` and `rhs` hold the same bytes. Runs in time proportional to the longer
    /// length, whatever the content. Inlinable so callers get a specialized loop, not one
    /// that goes through protocol witnesses for every byte.
    @inlinable
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        // Fold the length difference into the accumulator instead of returning early, so a
        // mismatched length costs the same walk as a mismatched byte.
        var difference: UInt = lhs.count == rhs.count ? 0 : 1
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        while true {
            let a = left.next()
            let b = right.next()
            if a == nil && b == nil { break }
            difference |= UInt((a ?? 0) ^ (b ?? 0))
        }
        return difference == 0
    }

    /// True when the UTF-8 bytes of `lhs` and `rhs` are equal, compared in constant time.
    @inlinable
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(lhs.utf8, rhs.utf8)
    }
}
