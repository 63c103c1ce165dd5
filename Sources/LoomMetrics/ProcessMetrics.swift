// ProcessMetrics: a scrape-time snapshot of this process's CPU, memory and file descriptors from /proc.

#if canImport(Glibc)
import Glibc
#endif

/// The standard Prometheus `process_*` values, read from procfs when asked.
///
/// Nothing here runs on a timer: ``MetricsExposition`` takes a fresh sample on every scrape, so the
/// values are exact at scrape time and an idle server does no work for them. A field is `nil` when
/// its source cannot be read (no procfs), and is then left out of the exposition rather than
/// reported as a misleading zero.
public struct ProcessMetrics: Equatable, Sendable {
    /// Resident set size in bytes (`process_resident_memory_bytes`).
    public var residentMemoryBytes: UInt64?
    /// Virtual memory size in bytes (`process_virtual_memory_bytes`).
    public var virtualMemoryBytes: UInt64?
    /// User plus system CPU time in seconds (`process_cpu_seconds_total`).
    public var cpuSeconds: Double?
    /// Open file descriptors (`process_open_fds`).
    public var openFileDescriptors: Int?
    /// The soft `RLIMIT_NOFILE` (`process_max_fds`); `UInt64.max` when unlimited.
    public var maxFileDescriptors: UInt64?
    /// Process start time in seconds since the Unix epoch (`process_start_time_seconds`).
    public var startTimeSeconds: Double?

    /// Creates a snapshot from known values; ``sample()`` is the usual way to get one.
    public init(
        residentMemoryBytes: UInt64? = nil, virtualMemoryBytes: UInt64? = nil, cpuSeconds: Double? = nil,
        openFileDescriptors: Int? = nil, maxFileDescriptors: UInt64? = nil, startTimeSeconds: Double? = nil
    ) {
        self.residentMemoryBytes = residentMemoryBytes
        self.virtualMemoryBytes = virtualMemoryBytes
        self.cpuSeconds = cpuSeconds
        self.openFileDescriptors = openFileDescriptors
        self.maxFileDescriptors = maxFileDescriptors
        self.startTimeSeconds = startTimeSeconds
    }

    /// Reads the current values for this process (a few procfs reads and one `getrlimit`).
    public static func sample() -> ProcessMetrics {
        var metrics = ProcessMetrics()
        let ticks = Double(ProcFS.clockTicksPerSecond)
        if let bytes = ProcFS.read("/proc/self/stat"), let stat = ProcessStat.parse(bytes) {
            metrics.residentMemoryBytes = stat.residentPages * UInt64(ProcFS.pageSize)
            metrics.virtualMemoryBytes = stat.virtualBytes
            metrics.cpuSeconds = Double(stat.userTicks + stat.systemTicks) / ticks
            if let boot = bootTime {
                metrics.startTimeSeconds = Double(boot) + Double(stat.startTicks) / ticks
            }
        }
        // opendir's own descriptor is listed too; it is not one of ours.
        metrics.openFileDescriptors = ProcFS.countEntries("/proc/self/fd").map { max($0 - 1, 0) }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            metrics.maxFileDescriptors = UInt64(limit.rlim_cur)  // RLIM_INFINITY is all ones, i.e. .max
        }
        return metrics
    }

    /// The current resident set size in bytes, from `/proc/self/statm` (cheaper than a full sample).
    public static func residentBytes() -> UInt64? {
        ProcFS.read("/proc/self/statm").flatMap(ProcText.statmResidentPages).map { $0 * UInt64(ProcFS.pageSize) }
    }

    /// The peak resident set size in bytes since the process started (`VmHWM` in `/proc/self/status`).
    ///
    /// The benchmark reports this as "peak RSS"; sampling `residentBytes()` would miss short spikes.
    public static func peakResidentBytes() -> UInt64? {
        ProcFS.read("/proc/self/status").flatMap { ProcText.statusBytes("VmHWM", status: $0) }
    }

    /// Boot time in seconds since the epoch; it never changes while we run, so read it once.
    static let bootTime: UInt64? = ProcFS.read("/proc/stat").flatMap(ProcText.bootTime(procStat:))
}
