// LoopThread: a named pthread running one closure, joined or detached.

#if canImport(Glibc)
import Glibc
#endif
import LoomCore
internal import CLoomSys

/// A plain POSIX thread. Loops get their own threads rather than borrowing from Swift's
/// cooperative pool, because a loop blocks in epoll_wait and would starve the pool.
public final class LoopThread: @unchecked Sendable {
    private var handle: pthread_t

    private final class Body {
        let name: String
        let run: () -> Void
        init(name: String, run: @escaping () -> Void) {
            self.name = name
            self.run = run
        }
    }

    /// Starts a thread named `name` (truncated to 15 bytes, the kernel's limit) running `body`.
    public init(name: String, _ body: @escaping @Sendable () -> Void) throws {
        let context = Unmanaged.passRetained(Body(name: name, run: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            loom_set_thread_name(body.name)
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw SystemError(code: result, call: "pthread_create")
        }
        handle = thread
    }

    /// Waits for the thread to finish.
    public func join() {
        pthread_join(handle, nil)
    }

    /// Lets the thread finish on its own, its resources freed when it ends (instead of `join`).
    public func detach() {
        pthread_detach(handle)
    }
}
