// PrometheusText: name sanitising, label rendering and number formatting for the text exposition.

/// Helpers for writing the Prometheus text format (0.0.4) by hand, for the series Loom renders
/// itself (duration histograms, process metrics) rather than through swift-prometheus.
enum PrometheusText {
    /// `name` made a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or, with `allowColon == false`,
    /// a valid label name: each other character becomes `_`, as swift-prometheus does, so a Timer
    /// renders under the same name whichever backend made it.
    static func sanitize(_ name: String, allowColon: Bool = true) -> String {
        func isValid(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                return true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return !first
            case UInt8(ascii: ":"):
                return allowColon
            default:
                return false
            }
        }
        var bytes = Array(name.utf8)
        guard !bytes.isEmpty else { return "_" }
        if bytes.indices.allSatisfy({ isValid(bytes[$0], first: $0 == 0) }) { return name }
        if bytes[0] >= UInt8(ascii: "0"), bytes[0] <= UInt8(ascii: "9") { bytes.insert(UInt8(ascii: "_"), at: 0) }
        for i in bytes.indices where !isValid(bytes[i], first: i == 0) { bytes[i] = UInt8(ascii: "_") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The inside of a label set, `a="x",b="y"`, with names sanitised, sorted by name so every
    /// spelling of one set renders (and is keyed) the same, and values escaped.
    static func renderLabels(_ labels: [(String, String)]) -> [UInt8] {
        let sorted = labels.map { (sanitize($0.0, allowColon: false), $0.1) }.sorted { $0.0 < $1.0 }
        var out: [UInt8] = []
        for (index, (name, value)) in sorted.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "=\"".utf8)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        return out
    }

    /// Nanoseconds as a seconds value: `0.0001`, `2.5`, `300.0`.
    ///
    /// `Double.description` is the shortest text that round-trips, so bucket bounds read exactly as
    /// configured; tiny or huge values use `e` notation, which Prometheus (Go `ParseFloat`) accepts.
    static func seconds(nanoseconds: Int64) -> String {
        (Double(nanoseconds) / 1_000_000_000).description
    }

    /// Appends a `# TYPE` line.
    static func appendType(_ name: String, _ type: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: "# TYPE ".utf8)
        buffer.append(contentsOf: name.utf8)
        buffer.append(UInt8(ascii: " "))
        buffer.append(contentsOf: type.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }
}
