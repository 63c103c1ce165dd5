// ProcessMetricsTests: the process_* metrics in a real exposition have plausible, live values.

#if canImport(Glibc)
import Glibc
#endif
@testable import LoomMetrics
import Testing

@Suite struct ProcessMetricsTests {
    /// An exposition over an empty registry: just the process metrics.
    func render() -> ExpositionText {
        ExpositionText(MetricsExposition(registry: MetricsRegistry()).render())
    }

    static func wallClockSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Test func exposesEveryProcessMetricWithAPlausibleValue() throws {
        let text = render()
        let rss = try #require(text.value("process_resident_memory_bytes"))
        #expect(rss > 1_000_000)
        let virtual = try #require(text.value("process_virtual_memory_bytes"))
        #expect(virtual >= rss)
        let cpu = try #require(text.value("process_cpu_seconds_total"))
        #expect(cpu >= 0)
        let openFDs = try #require(text.value("process_open_fds"))
        #expect(openFDs >= 3)
        let maxFDs = try #require(text.value("process_max_fds"))
        #expect(maxFDs >= openFDs)
        let start = try #require(text.value("process_start_time_seconds"))
        let now = Self.wallClockSeconds()
        #expect(start <= now + 1)
        #expect(start > now - 86_400)
    }

    @Test func declaresTheStandardTypes() {
        let text = render()
        for (name, type) in [
            ("process_cpu_seconds_total", "counter"), ("process_resident_memory_bytes", "gauge"),
            ("process_virtual_memory_bytes", "gauge"), ("process_open_fds", "gauge"),
            ("process_max_fds", "gauge"), ("process_start_time_seconds", "gauge"),
        ] {
            #expect(text.contains(line: "# TYPE \(name) \(type)"))
            #expect(text.lines.contains { $0.hasPrefix("# HELP \(name) ") })
        }
    }

    @Test func cpuSecondsAreFractionalAndGrow() throws {
        let before = try #require(ProcessMetrics.sample().cpuSeconds)
        // Burn a little CPU: ticks are 10 ms, so spin until the kernel's figure moves.
        var spins: UInt64 = 0
        var after = before
        while after <= before, spins < 2_000_000_000 {
            for _ in 0..<100_000 { spins &+= 1 }
            after = ProcessMetrics.sample().cpuSeconds ?? before
        }
        #expect(after > before)
        #expect(after - before < 5)
    }

    @Test func openingTenDescriptorsRaisesOpenFDsByTen() throws {
        // Other tests in this process open and close descriptors concurrently, so a single
        // before/after pair can be disturbed; retry until one pair is clean.
        var deltas: [Double] = []
        for _ in 0..<10 {
            let before = try #require(render().value("process_open_fds"))
            let fds = (0..<10).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
            #expect(fds.allSatisfy { $0 >= 0 })
            let after = try #require(render().value("process_open_fds"))
            for fd in fds { close(fd) }
            deltas.append(after - before)
            if after - before == 10 { break }
        }
        #expect(deltas.last == 10, "deltas seen: \(deltas)")
    }

    @Test func residentAndPeakResidentBytes() throws {
        let rss = try #require(ProcessMetrics.residentBytes())
        let peak = try #require(ProcessMetrics.peakResidentBytes())
        #expect(rss > 1_000_000)
        #expect(peak >= rss)  // the high-water mark, read after, is never below an earlier RSS
        #expect(peak > 1_000_000)
    }

    @Test func leavesOutUnknownValues() {
        var buffer: [UInt8] = []
        ProcessMetrics(openFileDescriptors: 7).emit(into: &buffer)
        let text = ExpositionText(buffer)
        #expect(text.value("process_open_fds") == 7)
        #expect(text.value("process_resident_memory_bytes") == nil)
    }
}
