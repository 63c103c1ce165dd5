// BenchReport: prints results as a table or as one JSON object.

import LoomCore

/// One benchmark's figures, printed as a table row block or JSON fields.
struct BenchReport {
    var mode: String
    var fields: [(String, Double)] = []
    var notes: [(String, String)] = []

    mutating func add(_ name: String, _ value: Double) { fields.append((name, value)) }
    mutating func note(_ name: String, _ value: String) { notes.append((name, value)) }

    static func printTable(_ reports: [BenchReport]) {
        for report in reports {
            print("== loom-bench \(report.mode) ==")
            for (name, value) in report.fields {
                print("  \(name.padding(28)) \(format(value))")
            }
            for (name, value) in report.notes {
                print("  \(name.padding(28)) \(value)")
            }
        }
    }

    static func printJSON(_ reports: [BenchReport]) {
        var writer = JSONWriter()
        writer.beginObject()
        for report in reports {
            writer.beginObject(report.mode)
            for (name, value) in report.fields { writer.field(name, value) }
            for (name, value) in report.notes { writer.field(name, value) }
            writer.endObject()
        }
        writer.endObject()
        print(String(decoding: writer.bytes, as: UTF8.self))
    }

    private static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
