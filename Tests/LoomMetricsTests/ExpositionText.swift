// ExpositionText: test helpers that read samples back out of rendered Prometheus text.

/// A rendered exposition, split into lines, with lookups by series.
struct ExpositionText {
    let text: String
    let lines: [Substring]

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
        lines = text.split(separator: "\n")
    }

    /// The value of the sample whose name and labels are exactly `series`, e.g. `x{a="b"}`.
    func value(_ series: String) -> Double? {
        for line in lines where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Whether some line is exactly `line`.
    func contains(line: String) -> Bool {
        lines.contains { $0 == line }
    }
}
