// RedisConnection+Lifecycle: connect attempts, the AUTH/SELECT handshake, drops, backoff and close (loop thread).

import LoomCore
import LoomReactor

extension RedisConnection {
    /// What each handshake command is for, so its error reply becomes the right `RedisError`.
    enum HandshakeStep { case auth, select, name }

    /// Begins a connect attempt: resolve the host off the loop if it is a name, open the socket,
    /// pipeline the handshake. The connect timeout covers all of it.
    func startAttempt() {
        phase = .connecting
        lastAttemptAt = loop.clock.now()
        let timeout = configuration.connectTimeout
        connectTimer = loop.scheduleTimer(at: loop.clock.now() + timeout) { [self] in
            connectTimer = nil
            guard case .connecting = phase else { return }
            attemptFailed(.connectTimeout(timeout))
        }
        let host = configuration.host
        if HostNameLookup.isNumeric(host) {
            open(address: host)
            return
        }
        // The lookup runs on a thread of its own; the answer comes back to the loop.
        Task { [self] in
            let resolved = await RedisHostResolver.resolve(host)
            loop.execute { [self] in
                guard case .connecting = phase, context == nil else { return }
                switch resolved {
                case .success(let address): open(address: address)
                case .failure(let error): attemptFailed(error)
                }
            }
        }
    }

    private func open(address: String) {
        let context: HiredisContext
        do {
            context = try HiredisContext(address: address, port: configuration.port, loop: loop)
        } catch {
            return attemptFailed(error)
        }
        self.context = context
        context.onLost = { [weak self, weak context] reason in
            guard let self, let context, self.context === context else { return }
            if case .ready = phase {
                connectionDropped(.connectionLost(reason))
            } else {
                attemptFailed(.connectFailed(reason))
            }
        }
        let steps = handshake()
        handshakeRemaining = steps.count
        if steps.isEmpty {
            context.onConnected = { [weak self, weak context] in
                guard let self, let context, self.context === context else { return }
                becomeReady()
            }
        }
        for (step, command) in steps {
            context.send(command) { [weak self, weak context] result in
                guard let self, let context else { return }
                handshakeReplied(step, result, on: context)
            }
        }
    }

    /// `AUTH`, `SELECT`, `CLIENT SETNAME` as the configuration asks; sent before any user command.
    private func handshake() -> [(HandshakeStep, [RedisArgument])] {
        var steps: [(HandshakeStep, [RedisArgument])] = []
        if let password = configuration.password {
            if let username = configuration.username {
                steps.append((.auth, ["AUTH", RedisArgument(username), RedisArgument(password)]))
            } else {
                steps.append((.auth, ["AUTH", RedisArgument(password)]))
            }
        }
        if configuration.database != 0 { steps.append((.select, ["SELECT", RedisArgument(configuration.database)])) }
        if let name = configuration.clientName, !name.isEmpty {
            steps.append((.name, ["CLIENT", "SETNAME", RedisArgument(name)]))
        }
        return steps
    }

    private func handshakeReplied(_ step: HandshakeStep, _ result: Result<RedisReply, RedisError>, on context: HiredisContext) {
        guard self.context === context, case .connecting = phase else { return }
        // No reply means the connection failed; `onLost` reports that.
        guard case .success(let reply) = result else { return }
        if case .error(let message) = reply {
            switch step {
            case .auth: return attemptFailed(.authenticationFailed(message))
            case .select: return attemptFailed(.selectFailed(message))
            case .name: break  // cosmetic; an ACL may forbid it
            }
        }
        handshakeRemaining -= 1
        if handshakeRemaining == 0 { becomeReady() }
    }

    private func becomeReady() {
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        phase = .ready
        failures = 0
        downSince = nil
        lastFailure = nil
        let waiters = connectWaiters
        connectWaiters = []
        for waiter in waiters { waiter.resume() }
        let queued = waiting
        waiting = []
        for entry in queued {
            loop.cancelTimer(entry.timer)
            submit(entry.commands, completion: entry.completion)
        }
    }

    /// The current attempt failed: drop its context, tell `connect()` callers, and retry later.
    func attemptFailed(_ error: RedisError) {
        guard case .connecting = phase else { return }
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        discardContext()
        let waiters = connectWaiters
        connectWaiters = []
        for waiter in waiters { waiter.resume(throwing: error) }
        scheduleReconnect(after: error)
    }

    /// A ready connection dropped (its in-flight commands already failed): reconnect.
    func connectionDropped(_ error: RedisError) {
        guard case .ready = phase else { return }
        discardContext()
        scheduleReconnect(after: error)
    }

    private func scheduleReconnect(after error: RedisError) {
        lastFailure = error
        let now = loop.clock.now()
        if downSince == nil { downSince = now }
        // Down for longer than a command may wait: fail the waiting ones now rather than one by one.
        if let downSince, now - downSince >= configuration.reconnectWait {
            failWaiting(.unavailable(error.description))
        }
        let delay = backoff.delay(attempt: failures, unit: Double.random(in: 0...1))
        failures += 1
        let timer = loop.scheduleTimer(at: now + delay) { [self] in
            guard case .backoff = phase else { return }
            startAttempt()
        }
        phase = .backoff(timer)
    }

    func closeOnLoop() {
        if case .closed = phase { return }
        if case .backoff(let timer) = phase { loop.cancelTimer(timer) }
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        phase = .closed
        closedFlag.store(true, ordering: .releasing)
        discardContext()
        failWaiting(.closed)
        let waiters = connectWaiters
        connectWaiters = []
        for waiter in waiters { waiter.resume(throwing: RedisError.closed) }
    }

    /// Frees the current context, if any (a no-op when hiredis is already freeing it).
    private func discardContext() {
        let context = self.context
        self.context = nil
        handshakeRemaining = 0
        context?.free()
    }

    private func failWaiting(_ error: RedisError) {
        let queued = waiting
        waiting = []
        for entry in queued {
            loop.cancelTimer(entry.timer)
            entry.completion(nil, error)
        }
    }
}
