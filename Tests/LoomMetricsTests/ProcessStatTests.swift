// ProcessStatTests: the pure /proc parsers on crafted input, including hostile command names.

@testable import LoomMetrics
import Testing

@Suite struct ProcessStatTests {
    /// A real-shaped line (52 fields) whose command name contains spaces and `) (`.
    static func statLine(comm: String) -> String {
        "4242 (\(comm)) S 1 4242 4242 0 -1 4194560 1234 0 5 0 "
            + "171 29 0 0 20 0 9 0 123456 987654321 2048 18446744073709551615 "
            + "1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    }

    @Test func parsesFieldsAfterTheLastParenthesis() throws {
        let stat = try #require(ProcessStat.parse(Self.statLine(comm: "evil) (name S 1 2 3")))
        #expect(stat == ProcessStat(
            userTicks: 171, systemTicks: 29, startTicks: 123456, virtualBytes: 987654321, residentPages: 2048))
    }

    @Test func parsesAPlainCommandName() throws {
        let stat = try #require(ProcessStat.parse(Self.statLine(comm: "loom")))
        #expect(stat.userTicks == 171)
        #expect(stat.residentPages == 2048)
    }

    @Test func parsesACommandNameOfOnlyParentheses() throws {
        let stat = try #require(ProcessStat.parse(Self.statLine(comm: ") ) ( (")))
        #expect(stat.startTicks == 123456)
    }

    @Test func rejectsMalformedLines() {
        #expect(ProcessStat.parse("") == nil)
        #expect(ProcessStat.parse("4242 loom S 1 2 3") == nil)
        #expect(ProcessStat.parse("4242 (loom) S 1 2 3") == nil)  // truncated
        #expect(ProcessStat.parse(Self.statLine(comm: "x").replacing("171", with: "1x1", maxReplacements: 1)) == nil)
    }

    @Test func parsesThisProcessStatFile() throws {
        let bytes = try #require(ProcFS.read("/proc/self/stat"))
        let stat = try #require(ProcessStat.parse(bytes))
        #expect(stat.residentPages > 0)
        #expect(stat.virtualBytes >= stat.residentPages)
    }

    @Test func readsBootTime() {
        let text = "cpu  1 2 3\ncpu0 1 2 3\nintr 5 6\nctxt 99\nbtime 1700000000\nprocesses 12\n"
        #expect(ProcText.bootTime(procStat: Array(text.utf8)) == 1_700_000_000)
        #expect(ProcText.bootTime(procStat: Array("btimex 5\n".utf8)) == nil)
    }

    @Test func readsStatusKilobytes() {
        let text = "Name:\tloom\nVmPeak:\t  300000 kB\nVmHWM:\t   12345 kB\nVmRSS:\t   11111 kB\n"
        #expect(ProcText.statusBytes("VmHWM", status: Array(text.utf8)) == 12345 * 1024)
        #expect(ProcText.statusBytes("VmRSS", status: Array(text.utf8)) == 11111 * 1024)
        #expect(ProcText.statusBytes("VmSwap", status: Array(text.utf8)) == nil)
    }

    @Test func readsStatmResidentPages() {
        #expect(ProcText.statmResidentPages(Array("5000 1200 300 10 0 900 0\n".utf8)) == 1200)
        #expect(ProcText.statmResidentPages(Array("5000\n".utf8)) == nil)
    }
}
