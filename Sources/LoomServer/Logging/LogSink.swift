// LogSink: where finished log lines go; stderr in production, memory in tests.

/// Receives complete log lines.
///
/// Each call carries exactly one line, UTF-8 and ending in `\n`, and may come from any thread;
/// an implementation must keep lines whole (never interleave two calls' bytes).
public protocol LogSink: Sendable {
    /// Writes one complete line.
    func write(line: [UInt8])
}
