// PostgresConnection+IO: sending requests, flushing, reading results and failing cleanly — all on the loop.

internal import CPostgres
import LoomCore
import LoomReactor

extension PostgresConnection {
    /// Queues a request and sends what can be sent (loop thread).
    func enqueue(_ request: PostgresRequest) {
        if case .closed(let error) = phase { return request.finish(with: error) }
        if let timeout = request.timeout {
            request.timer = loop.scheduleTimer(at: loop.clock.now() + timeout) { [weak self, weak request] in
                request?.timer = nil
                // The server may be busy with it still; the only way to stop waiting without a
                // blocking cancel request is to drop the session.
                self?.fail(PostgresError(.timeout, "no answer from PostgreSQL within \(timeout)"))
            }
        }
        pending.append(request)
        pump()
    }

    /// Readiness of the socket (loop thread).
    func socketReady(_ events: IOEvents) {
        switch phase {
        case .connecting:
            continueConnecting()
        case .ready:
            if !events.isDisjoint(with: [.readable, .readHangUp, .hangUp, .error]) { readInput() }
            if case .ready = phase, writePending, events.contains(.writable) { flush() }
        case .closed:
            break
        }
    }

    /// Sends queued requests: statements go straight into the pipeline, each request ended by a
    /// sync; a script waits for the pipeline to drain and runs with pipeline mode off.
    func pump() {
        guard case .ready = phase, let handle else { return }
        var wrote = false
        sending: while let request = pending.first, !scriptInFlight {
            switch request.body {
            case .script(let sql):
                guard sent.isEmpty else { break sending }
                pending.removeFirst()
                if PQpipelineStatus(handle) != PQ_PIPELINE_OFF && PQexitPipelineMode(handle) != 1 {
                    request.finish(with: PostgresError.connection(handle, "could not leave pipeline mode"))
                    continue
                }
                guard PQsendQuery(handle, sql) == 1 else {
                    request.finish(with: PostgresError.connection(handle, "could not send the script"))
                    continue
                }
                scriptInFlight = true
                sent.append(request)
            case .statements(let statements):
                pending.removeFirst()
                if PQpipelineStatus(handle) == PQ_PIPELINE_OFF && PQenterPipelineMode(handle) != 1 {
                    request.finish(with: PostgresError.connection(handle, "could not enter pipeline mode"))
                    continue
                }
                for statement in statements {
                    guard send(statement, for: request, handle) else { break }
                }
                guard PQpipelineSync(handle) == 1 else {
                    sent.append(request)
                    return fail(PostgresError.connection(handle, "could not send to the server"))
                }
                sent.append(request)
            }
            wrote = true
        }
        if wrote { flush() }
    }

    /// Queues one statement (preparing it first when it is new and the cache has room).
    /// Returns false when libpq refused it; the request then fails with libpq's reason.
    private func send(_ statement: PostgresStatement, for request: PostgresRequest, _ handle: OpaquePointer) -> Bool {
        let parameters = PostgresParameters(statement.parameters)
        let key = parameters.typeSignature + "|" + statement.sql
        var name = prepared[key]
        if name == nil && prepared.count < configuration.preparedStatementLimit {
            let newName = "loom_\(nextStatementNumber)"
            nextStatementNumber += 1
            let queued = parameters.withArrays { types, _, _, _ in
                PQsendPrepare(handle, newName, statement.sql, parameters.count, types)
            }
            guard queued == 1 else {
                request.fail(PostgresError.connection(handle, "could not queue a statement"))
                return false
            }
            request.commands.append(.prepare(key: key))
            prepared[key] = newName
            name = newName
        }
        let queued = parameters.withArrays { types, values, lengths, formats in
            if let name {
                PQsendQueryPrepared(handle, name, parameters.count, values, lengths, formats, 0)
            } else {
                PQsendQueryParams(handle, statement.sql, parameters.count, types, values, lengths, formats, 0)
            }
        }
        guard queued == 1 else {
            request.fail(PostgresError.connection(handle, "could not queue a statement"))
            return false
        }
        request.commands.append(.statement)
        return true
    }

    /// Writes what libpq buffered; waits for writability while some is left.
    func flush() {
        guard let handle else { return }
        switch PQflush(handle) {
        case 0: setWriteInterest(false)
        case 1: setWriteInterest(true)
        default: fail(PostgresError.connection(handle, "could not send to the server"))
        }
    }

    private func setWriteInterest(_ wanted: Bool) {
        guard wanted != writePending, let registration else { return }
        writePending = wanted
        do {
            try loop.modify(registration, interest: wanted ? [.read, .write] : .read)
        } catch {
            fail(PostgresError(.connection, "could not watch the PostgreSQL socket: \(error)"))
        }
    }

    /// Reads what arrived and hands out every complete result. An idle connection reads too:
    /// that is how a server shutting down or a dropped socket is noticed before the next query.
    private func readInput() {
        guard let handle else { return }
        guard PQconsumeInput(handle) == 1 else {
            return fail(PostgresError.connection(handle, "lost the connection to the server"))
        }
        processResults(handle)
        // With TLS, one read may leave decrypted bytes inside OpenSSL that the socket will never
        // signal again (a record bigger than the space libpq offered). Stock servers send records
        // small enough, but a few extra non-blocking reads while an answer is still incomplete
        // cost little and keep a proxy or fork of PostgreSQL from stalling a request forever.
        var extraReads = 0
        while extraReads < 4, case .ready = phase, !sent.isEmpty, PQsslInUse(handle) == 1, PQisBusy(handle) == 1 {
            extraReads += 1
            guard PQconsumeInput(handle) == 1 else {
                return fail(PostgresError.connection(handle, "lost the connection to the server"))
            }
            processResults(handle)
        }
        if case .ready = phase, PQstatus(handle) == CONNECTION_BAD {
            fail(PostgresError.connection(handle, "lost the connection to the server"))
        }
        // While flushing, the server may have been waiting for us to read before reading more.
        if case .ready = phase, writePending { flush() }
    }

    /// Takes every result libpq can give without waiting, in order, request by request.
    private func processResults(_ handle: OpaquePointer) {
        while let request = sent.first {
            guard PQisBusy(handle) == 0 else { break }
            let result = PQgetResult(handle)
            if scriptInFlight {
                guard let result else {
                    scriptInFlight = false
                    complete(request)
                    continue
                }
                request.absorbScript(result, connection: handle)
                PQclear(result)
                continue
            }
            guard let result else {
                // NULL ends the current command's results; otherwise nothing more is ready.
                guard request.awaitingEnd else { break }
                request.awaitingEnd = false
                request.position += 1
                continue
            }
            if PQresultStatus(result) == PGRES_PIPELINE_SYNC {
                PQclear(result)
                complete(request)
                continue
            }
            if let forgotten = request.absorb(result, connection: handle) { prepared[forgotten] = nil }
            PQclear(result)
            request.awaitingEnd = true
        }
        if case .ready = phase, sent.isEmpty, !pending.isEmpty { pump() }
    }

    private func complete(_ request: PostgresRequest) {
        sent.removeFirst()
        if let timer = request.timer { loop.cancelTimer(timer) }
        request.timer = nil
        recordTransactionState()
        request.finish()
    }

    /// Ends the connection: every request still queued or in flight fails with `error` (or with
    /// the connection error the server already sent it), and libpq's state is freed.
    func fail(_ error: PostgresError) {
        if case .closed = phase { return }
        phase = .closed(error)
        setOpen(false)
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        if let registration { loop.deregister(registration) }
        registration = nil
        if let handle { PQfinish(handle) }
        handle = nil
        recordTransactionState()
        let requests = sent + pending
        sent.removeAll()
        pending.removeAll()
        for request in requests {
            if let timer = request.timer { loop.cancelTimer(timer) }
            request.timer = nil
            request.finish(with: request.error?.isConnectionFailure == true ? request.error : error)
        }
        let completion = connectCompletion
        connectCompletion = nil
        completion?(error)
    }
}
