// ProcessMetrics+Exposition: writes a snapshot in the Prometheus text format under the standard names.

extension ProcessMetrics {
    /// Appends `# HELP`, `# TYPE` and sample lines for every known value, using the names and types
    /// of the official Prometheus clients so stock dashboards and alerts work unchanged.
    ///
    /// These lines are written directly rather than through registry gauges: `process_cpu_seconds_total`
    /// is a counter that must be *set* to the kernel's figure, which a Prometheus `Counter` cannot do
    /// atomically, and a direct write is exact at scrape time with no shared state.
    func emit(into buffer: inout [UInt8]) {
        if let cpuSeconds {
            Self.append(into: &buffer, name: "process_cpu_seconds_total", type: "counter",
                        help: "Total user and system CPU time spent in seconds.", value: Self.format(cpuSeconds))
        }
        if let openFileDescriptors {
            Self.append(into: &buffer, name: "process_open_fds", type: "gauge",
                        help: "Number of open file descriptors.", value: String(openFileDescriptors))
        }
        if let maxFileDescriptors {
            // An unlimited soft limit is reported as +Inf, which the text format allows for gauges.
            let value = maxFileDescriptors == .max ? "+Inf" : String(maxFileDescriptors)
            Self.append(into: &buffer, name: "process_max_fds", type: "gauge",
                        help: "Maximum number of open file descriptors.", value: value)
        }
        if let virtualMemoryBytes {
            Self.append(into: &buffer, name: "process_virtual_memory_bytes", type: "gauge",
                        help: "Virtual memory size in bytes.", value: String(virtualMemoryBytes))
        }
        if let residentMemoryBytes {
            Self.append(into: &buffer, name: "process_resident_memory_bytes", type: "gauge",
                        help: "Resident memory size in bytes.", value: String(residentMemoryBytes))
        }
        if let startTimeSeconds {
            Self.append(into: &buffer, name: "process_start_time_seconds", type: "gauge",
                        help: "Start time of the process since unix epoch in seconds.",
                        value: Self.format(startTimeSeconds))
        }
    }

    private static func append(into buffer: inout [UInt8], name: String, type: String, help: String, value: String) {
        buffer.append(contentsOf: "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n".utf8)
    }

    /// Shortest round-tripping decimal; Swift's `description` uses `e` notation for very large or
    /// small values, which the Prometheus parser (Go's `ParseFloat`) accepts.
    private static func format(_ value: Double) -> String {
        value.description
    }
}
