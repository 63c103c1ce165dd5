// LoggingSetup: installs LoomLogHandler as the process-wide swift-log backend, once.

public import LoomCore
import Logging
import Synchronization

/// Process-wide logging configuration.
public enum LoggingSetup {
    /// swift-log's bootstrap may run only once per process; later calls (a test suite starting
    /// several servers, a subcommand calling a shared start-up path twice) must be harmless.
    private static let bootstrapped = Mutex(false)

    /// Makes every `Logger` created from now on write through `LoomLogHandler`.
    ///
    /// Only the first call in a process takes effect; it returns `true`, later calls return
    /// `false` and change nothing.
    @discardableResult
    public static func bootstrap(level: LogLevel, format: LogFormat, clock: any Clock = SystemClock(),
                                 sink: any LogSink = StandardErrorLogSink()) -> Bool {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        let minimum = level.minimumLoggerLevel
        LoggingSystem.bootstrap { label in
            LoomLogHandler(label: label, logLevel: minimum, format: format, clock: clock, sink: sink)
        }
        return true
    }
}
