// Deadline: wait for some work, but only so long — the drain's "up to a grace period".

import Synchronization

/// Runs `operation` in a task of its own and waits for it at most `timeout`.
///
/// Returns true when it finished in time. On a timeout the operation keeps running unwatched
/// (the drain then cancels what it waits for, by other means). Only the timer sleeps in real time.
func finishes(within timeout: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
    let gate = Gate()
    return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        gate.arm(continuation)
        let timer = Task {
            try? await Task.sleep(for: timeout)
            gate.open(false)
        }
        Task {
            await operation()
            gate.open(true)
            timer.cancel()
        }
    }
}

/// A continuation resumed once, by whichever side gets there first.
private final class Gate: Sendable {
    private let waiting = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func arm(_ continuation: CheckedContinuation<Bool, Never>) {
        waiting.withLock { $0 = continuation }
    }

    func open(_ value: Bool) {
        waiting.withLock { state in
            defer { state = nil }
            return state
        }?.resume(returning: value)
    }
}
