// HiredisContext: one hiredis async context on a loop — its ev hooks become epoll registrations, its callbacks Swift closures.

internal import CHiredis
import LoomReactor

/// Owns one `redisAsyncContext` and adapts it to an `EventLoop`, the way hiredis's bundled
/// adapters (`adapters/ae.h`, `libevent.h`) adapt it to theirs:
///
/// - `ev.addRead/delRead/addWrite/delWrite` change the interest of one epoll registration of the
///   context's socket (registered on first use, so a context that never gets that far costs none);
/// - readiness calls `redisAsyncHandleRead`/`Write`; an error or hang-up is passed to whichever
///   hiredis expects, so it reads the EOF or connect error itself and tears down;
/// - `ev.cleanup` (called as hiredis frees the context) deregisters before hiredis closes the fd.
///
/// Loop thread only. hiredis frees the context itself when the connection fails (`onConnect` with
/// an error, or `onDisconnect`); after that `isAlive` is false and every call is a no-op. Each
/// command's callback runs exactly once: with the reply, or with an error when the context goes
/// away first. Nothing here calls back into hiredis from inside a hiredis callback except
/// `redisAsyncFree` from a reply callback, which hiredis defers by design.
final class HiredisContext: EventHandler, @unchecked Sendable {
    typealias Completion = (Result<RedisReply, RedisError>) -> Void

    let loop: EventLoop
    private var context: UnsafeMutablePointer<redisAsyncContext>?
    private var registration: Registration?
    private var interest: IOInterest = .none
    private var freeRequested = false
    /// Called once the TCP connection is established.
    var onConnected: (() -> Void)?
    /// Called once when hiredis gives up the connection (connect failure or drop), with why.
    var onLost: ((String) -> Void)?

    /// Starts a non-blocking connect to an IP literal (see `RedisHostResolver` for names).
    init(address: String, port: Int, loop: EventLoop) throws(RedisError) {
        self.loop = loop
        guard let context = redisAsyncConnect(address, Int32(port)) else { throw .connectFailed("out of memory") }
        if context.pointee.err != 0 {
            let reason = Self.errorText(context)
            redisAsyncFree(context)
            throw .connectFailed(reason)
        }
        self.context = context
        // hiredis holds this retain until it has made its last call into us; see `cleanup()`.
        let opaque = Unmanaged.passRetained(self).toOpaque()
        context.pointee.data = opaque
        context.pointee.ev.data = opaque
        context.pointee.ev.addRead = { HiredisContext.from($0)?.change(adding: .read) }
        context.pointee.ev.delRead = { HiredisContext.from($0)?.change(removing: .read) }
        context.pointee.ev.addWrite = { HiredisContext.from($0)?.change(adding: .write) }
        context.pointee.ev.delWrite = { HiredisContext.from($0)?.change(removing: .write) }
        context.pointee.ev.cleanup = { HiredisContext.from($0)?.cleanup() }
        _ = redisAsyncSetConnectCallback(context) { context, status in
            guard let context, let owner = HiredisContext.from(context.pointee.data) else { return }
            if status == REDIS_OK {
                owner.onConnected?()
            } else {
                // hiredis frees the context right after this returns.
                owner.lost(HiredisContext.errorText(UnsafeMutablePointer(mutating: context)))
            }
        }
        _ = redisAsyncSetDisconnectCallback(context) { context, status in
            guard let context, let owner = HiredisContext.from(context.pointee.data) else { return }
            owner.lost(status == REDIS_OK ? "closed" : HiredisContext.errorText(UnsafeMutablePointer(mutating: context)))
        }
    }

    /// False once hiredis has freed (or is freeing) the context.
    var isAlive: Bool { context != nil && !freeRequested }

    /// Queues `arguments` as one command (binary-safe argument vector); `completion` runs once.
    func send(_ arguments: [RedisArgument], completion: @escaping Completion) {
        guard let context, !freeRequested else {
            completion(.failure(.connectionLost("connection closed")))
            return
        }
        let command = Unmanaged.passRetained(HiredisCommand(completion)).toOpaque()
        let status = Self.withArgumentVector(arguments) { count, vector, lengths in
            redisAsyncCommandArgv(context, { context, reply, privateData in
                guard let privateData else { return }
                let command = Unmanaged<HiredisCommand>.fromOpaque(privateData).takeRetainedValue()
                if let reply {
                    command.completion(.success(RedisReplyReader.convert(reply.assumingMemoryBound(to: redisReply.self).pointee)))
                } else {
                    command.completion(.failure(.connectionLost(context.map { HiredisContext.errorText($0) } ?? "closed")))
                }
            }, command, count, vector, lengths)
        }
        if status != REDIS_OK {
            // Not queued (the context is disconnecting): hiredis will never call back.
            Unmanaged<HiredisCommand>.fromOpaque(command).release()
            completion(.failure(.connectionLost(Self.errorText(context))))
        }
    }

    /// Closes the connection now: pending commands complete with an error, `onLost` is not called
    /// (the owner asked for it). Safe inside a reply callback (hiredis defers the free).
    func free() {
        guard let context, !freeRequested else { return }
        freeRequested = true
        onLost = nil
        onConnected = nil
        redisAsyncFree(context)
    }

    // MARK: EventHandler

    func handle(events: IOEvents) {
        guard let context else { return }
        let failed = !events.isDisjoint(with: [.error, .hangUp, .readHangUp])
        let wantsRead = interest.contains(.read), wantsWrite = interest.contains(.write)
        if (wantsRead && (events.contains(.readable) || failed)) || (failed && !wantsWrite) {
            redisAsyncHandleRead(context)
        }
        // The read may have torn the context down.
        guard let context = self.context else { return }
        if wantsWrite && (events.contains(.writable) || failed) {
            redisAsyncHandleWrite(context)
        }
    }

    // MARK: hiredis hooks

    private func change(adding: IOInterest = .none, removing: IOInterest = .none) {
        guard let context else { return }
        let wanted = interest.union(adding).subtracting(removing)
        guard wanted != interest else { return }
        interest = wanted
        do {
            if let registration {
                try loop.modify(registration, interest: wanted)
            } else {
                registration = try loop.register(fd: context.pointee.c.fd, interest: wanted, handler: self)
            }
        } catch {
            // epoll refused the descriptor; never re-enter hiredis from its own hook, so fail it next turn.
            loop.execute { [self] in
                guard self.context != nil, !freeRequested else { return }
                let lost = onLost
                free()
                lost?("cannot watch the socket: \(error)")
            }
        }
    }

    /// hiredis is freeing the context: stop watching the fd before hiredis closes it. hiredis may
    /// still call `onDisconnect` after this, so the retain taken in `init` is dropped only on the
    /// loop's next turn, when hiredis is certainly done.
    private func cleanup() {
        guard context != nil else { return }
        context = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        let opaque = UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque())
        loop.execute {
            guard let pointer = UnsafeMutableRawPointer(bitPattern: opaque) else { return }
            Unmanaged<HiredisContext>.fromOpaque(pointer).release()
        }
    }

    /// hiredis is tearing the context down itself: from here on only hiredis may free it (a
    /// `redisAsyncFree` from inside `onConnect` would free it twice).
    private func lost(_ reason: String) {
        freeRequested = true
        let handler = onLost
        onLost = nil
        onConnected = nil
        handler?(reason)
    }

    // MARK: Helpers

    private static func from(_ opaque: UnsafeMutableRawPointer?) -> HiredisContext? {
        opaque.map { Unmanaged<HiredisContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The context's error text (`c.errstr`, which hiredis sets before failing anything).
    static func errorText(_ context: UnsafeMutablePointer<redisAsyncContext>) -> String {
        let text = withUnsafeBytes(of: context.pointee.c.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return text.isEmpty ? "connection closed" : text
    }

    /// Lays the arguments out in one buffer and calls `body` with argc, argv and the lengths.
    private static func withArgumentVector(
        _ arguments: [RedisArgument],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Int32
    ) -> Int32 {
        let total = arguments.reduce(0) { $0 + $1.bytes.count }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        let vector = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(arguments.count, 1))
        let lengths = UnsafeMutablePointer<Int>.allocate(capacity: max(arguments.count, 1))
        defer {
            storage.deallocate()
            vector.deallocate()
            lengths.deallocate()
        }
        var offset = 0
        for (index, argument) in arguments.enumerated() {
            argument.bytes.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress {
                    UnsafeMutableRawPointer(storage + offset).copyMemory(from: base, byteCount: bytes.count)
                }
            }
            vector[index] = UnsafePointer(storage + offset)
            lengths[index] = argument.bytes.count
            offset += argument.bytes.count
        }
        return body(Int32(arguments.count), vector, lengths)
    }
}

/// A command's completion, carried through hiredis as `privdata` (one retain per command).
private final class HiredisCommand {
    let completion: HiredisContext.Completion

    init(_ completion: @escaping HiredisContext.Completion) {
        self.completion = completion
    }
}
