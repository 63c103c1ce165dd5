// SkippedFile: a changed file (or part of one) a review did not look at, and why.

/// Something of the diff that was not reviewed, for the summary's coverage section: a binary
/// file, a file or lines that did not fit the model's context window, and so on.
public struct SkippedFile: Hashable, Sendable {
    public var path: String
    /// Why, phrased for the summary (`binary file`, `lines 40–90 do not fit …`).
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
