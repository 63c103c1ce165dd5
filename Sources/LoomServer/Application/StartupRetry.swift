// StartupRetry: waits at start-up for a database or Redis that is not reachable yet, then gives up clearly.

import LoomCore
import Logging

/// Retries an opening step while its failure means "not reachable yet".
enum StartupRetry {
    /// Runs `open` until it succeeds, fails for another reason, or `wait` has passed since the
    /// first attempt; logs each wait. The final failure becomes a `StartupError` naming `component`.
    static func untilReachable<Value>(_ component: String, at address: String, wait: Duration, clock: any Clock,
                                      logger: Logger, isUnreachable: (any Error) -> Bool,
                                      _ open: () async throws -> Value) async throws -> Value {
        let started = clock.now()
        var pause = Duration.milliseconds(250)
        while true {
            do {
                return try await open()
            } catch where isUnreachable(error) && clock.now() - started < wait {
                logger.warning("waiting for the \(component)", metadata: ["address": "\(address)", "error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            } catch {
                throw StartupError("cannot use the \(component) at \(address): \(error)")
            }
        }
    }
}
