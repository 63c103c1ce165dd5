// ServeRunner: `loom serve` and `loom worker`: start, wait for SIGTERM/SIGINT, drain, exit 0.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
import LoomReactor
import Logging
import Synchronization

/// Runs a Loom process until a shutdown signal.
public enum ServeRunner {
    /// Starts Loom with `settings` and returns the process exit code after a graceful stop.
    /// `surface` is what the HTTP server offers (`loom worker` runs with `.monitoringOnly` or `.none`).
    public static func run(settings: Settings, workersEnabled: Bool, surface: HTTPSurface = .full) async throws -> Int32 {
        LoggingSetup.bootstrap(level: settings.logLevel, format: settings.logFormat)
        var logger = Logger(label: "loom")
        logger.logLevel = settings.logLevel.minimumLoggerLevel
        Socket.ignoreBrokenPipeSignal()
        let fileLimit = Socket.raiseOpenFileLimit()
        let signals = try ShutdownSignals.install()

        let application = try await LoomApplication.make(settings: settings, logger: logger, workersEnabled: workersEnabled,
                                                         surface: surface)
        let address = try await application.start()
        logger.info(address == nil ? "loom worker running" : "loom listening", metadata: [
            "address": "\(address.map { "\($0)" } ?? "none")", "version": "\(LoomVersion.current)",
            "event_loops": "\(settings.eventLoops)", "workers": "\(workersEnabled ? settings.workers : 0)",
            "store": "\(application.backends.store)", "queue": "\(application.backends.queue)",
            "open_file_limit": "\(fileLimit)",
        ])
        for (name, value) in settings.redactedSummary() {
            logger.debug("setting", metadata: ["name": "\(name)", "value": "\(value)"])
        }

        let signal = await waitForSignal(signals, on: application.eventLoops[0])
        logger.info("shutting down: finishing in-flight requests", metadata: [
            "signal": "\(signal == SIGTERM ? "SIGTERM" : "SIGINT")", "connections": "\(application.connectionCount)",
        ])
        await application.shutdown()
        logger.info("stopped")
        return 0
    }

    /// Suspends until the first SIGTERM/SIGINT; a second one ends the process at once.
    private static func waitForSignal(_ signals: ShutdownSignals, on loop: EventLoop) async -> Int32 {
        await withCheckedContinuation { continuation in
            let received = LoopBox(false)
            loop.execute {
                do {
                    try signals.watch(on: loop) { signal in
                        if received.value { _exit(128 + signal) }
                        received.value = true
                        continuation.resume(returning: signal)
                    }
                } catch {
                    continuation.resume(returning: SIGTERM)
                }
            }
        }
    }
}

/// Mutable state confined to one loop, passed through `@Sendable` work for that loop.
private final class LoopBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
