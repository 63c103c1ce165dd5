// LogHandlerTests: the swift-log handler's levels, metadata merging, clock and sink, and LogLevel parsing.

import Logging
import LoomCore
import Testing
@testable import LoomServer

@Suite("LoomLogHandler")
struct LogHandlerTests {
    private func makeLogger(level: Logger.Level = .info, format: LogFormat = .json) -> (Logger, MemoryLogSink, ManualClock) {
        let sink = MemoryLogSink()
        let clock = ManualClock(wallNanoseconds: 1_795_924_907_123_000_000)
        let handler = LoomLogHandler(label: "loom.http", logLevel: level, format: format, clock: clock, sink: sink)
        return (Logger(label: "loom.http", factory: { _ in handler }), sink, clock)
    }

    @Test func writesOneLinePerRecordWithTheInjectedClock() {
        let (logger, sink, clock) = makeLogger()
        logger.info("first")
        clock.advance(by: .milliseconds(1500))
        logger.warning("second")
        #expect(sink.lines == [
            #"{"timestamp":"2026-11-29T04:01:47.123Z","level":"INFO","message":"first","service":"loom","logger":"loom.http"}"#,
            #"{"timestamp":"2026-11-29T04:01:48.623Z","level":"WARNING","message":"second","service":"loom","logger":"loom.http"}"#,
        ])
    }

    @Test func levelFiltersRecords() {
        let (logger, sink, _) = makeLogger(level: .warning)
        logger.debug("no")
        logger.info("no")
        logger.notice("no")
        logger.warning("yes")
        logger.critical("yes")
        #expect(sink.lines.count == 2)
    }

    @Test func callSiteMetadataWinsOverLoggerMetadata() {
        var (logger, sink, _) = makeLogger(format: .text)
        logger[metadataKey: "request_id"] = "r1"
        logger[metadataKey: "platform"] = "github"
        logger.info("received", metadata: ["platform": "gitlab"])
        #expect(sink.lines == ["2026-11-29T04:01:47.123Z INFO received platform=gitlab request_id=r1"])
    }

    @Test func metadataIsAValuePerLogger() {
        let (logger, sink, _) = makeLogger(format: .text)
        var copy = logger
        copy[metadataKey: "job"] = "42"
        logger.info("plain")
        copy.info("tagged")
        #expect(sink.lines.map { $0.hasSuffix("job=42") } == [false, true])
    }

    @Test func metadataProviderIsIncluded() {
        let sink = MemoryLogSink()
        let provider = Logger.MetadataProvider { ["trace_id": "t-9"] }
        let handler = LoomLogHandler(label: "x", format: .text, clock: ManualClock(), sink: sink, metadataProvider: provider)
        Logger(label: "x", factory: { _ in handler }).info("m")
        #expect(sink.lines == ["2026-01-01T00:00:00.000Z INFO m trace_id=t-9"])
    }

    @Test(arguments: [
        ("debug", LogLevel.debug, Logger.Level.trace), ("INFO", .info, .info), ("Warning", .warning, .warning),
        ("error", .error, .error), ("CRITICAL", .critical, .critical),
    ])
    func logLevelParsing(text: String, level: LogLevel, minimum: Logger.Level) {
        #expect(LogLevel(parsing: text) == level)
        #expect(level.minimumLoggerLevel == minimum)
    }

    @Test func unknownLevelsAndFormatsAreRejected() {
        #expect(LogLevel(parsing: "verbose") == nil)
        #expect(LogLevel(parsing: "notice") == nil)
        #expect(LogFormat(parsing: "JSON") == .json)
        #expect(LogFormat(parsing: "logfmt") == nil)
    }

    @Test func bootstrapIsIdempotent() {
        // The process-wide backend: whichever call comes first wins, and later ones are no-ops
        // (swift-log itself would crash on a second bootstrap). Discard output so other tests'
        // logging does not pile up in memory.
        _ = LoggingSetup.bootstrap(level: .critical, format: .json, clock: ManualClock(), sink: DiscardingLogSink())
        #expect(LoggingSetup.bootstrap(level: .debug, format: .text, clock: ManualClock(), sink: MemoryLogSink()) == false)
        #expect(Logger(label: "loom.test").handler is LoomLogHandler)
    }
}

private struct DiscardingLogSink: LogSink {
    func write(line: [UInt8]) {}
}
