// EventLoop+Executor: lets Swift concurrency run tasks and actors on a loop's thread.

/// A loop is a serial executor (actors can be pinned to it) and a task executor
/// (`Task(executorPreference: loop)` runs the task's synchronous parts on the loop), so an `async`
/// HTTP handler stays on the loop that owns its connection instead of hopping to the global pool.
extension EventLoop: SerialExecutor, TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        execute { [unowned self] in
            job.runSynchronously(isolatedTo: self.asUnownedSerialExecutor(), taskExecutor: self.asUnownedTaskExecutor())
        }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    public func checkIsolated() {
        precondition(inEventLoop, "expected to run on event loop \(index)")
    }
}
