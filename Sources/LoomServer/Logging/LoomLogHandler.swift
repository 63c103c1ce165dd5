// LoomLogHandler: the swift-log backend; stamps each record with the injected clock and hands one line to a sink.

public import LoomCore
public import Logging

/// A `LogHandler` that writes each record as one JSON or text line.
///
/// Level and metadata are values, as swift-log requires: changing them on one `Logger` copy
/// leaves the others alone. The clock is injected so tests get fixed timestamps.
public struct LoomLogHandler: LogHandler {
    /// The logger's label, written as the `logger` field.
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let format: LogFormat
    private let clock: any Clock
    private let sink: any LogSink

    /// A handler for `label` passing records at `logLevel` and above to `sink`.
    public init(label: String, logLevel: Logger.Level = .info, format: LogFormat = .json,
                clock: any Clock = SystemClock(), sink: any LogSink = StandardErrorLogSink(),
                metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = logLevel
        self.format = format
        self.clock = clock
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Call-site metadata wins over the provider's, which wins over the handler's.
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let callSite = event.metadata, !callSite.isEmpty {
            merged.merge(callSite) { _, new in new }
        }
        let record = LogLineFormatter.Record(
            wallNanoseconds: clock.wallNanoseconds(),
            level: event.level,
            message: event.message.description,
            label: label,
            metadata: merged,
            error: event.error.map { String(describing: $0) })
        sink.write(line: LogLineFormatter.line(record, format: format))
    }
}
