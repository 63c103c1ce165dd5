// StoreCommands: `loom jobs …` and `loom repos …` working directly on the configured store.

import LoomCore
import LoomReactor
import LoomStore
import Logging

/// What the `jobs` and `repos` subcommands do, separated from argument parsing so tests can call
/// it. Each call opens the store the server uses (`DATABASE_URL`, or the SQLite file under `LOOM_DATA_DIR`), so the
/// commands work whether or not a server is running.
public enum StoreCommands {
    /// The result of a command: text for standard output, and the exit status.
    public struct Output: Sendable {
        public var text: String
        public var status: Int32
    }

    /// `loom migrate`: opening the store applies pending migrations (under a lock on PostgreSQL).
    public static func migrate(settings: Settings) async throws -> Output {
        let description = try await withBackend(settings) { $0.description }
        return Output(text: "migrations applied to \(description)", status: 0)
    }

    /// `loom jobs list [--status S] [--repo R] [--limit N]`
    public static func listJobs(settings: Settings, status: String?, repository: String?, limit: Int, json: Bool) async throws -> Output {
        let parsedStatus = status.flatMap(JobStatus.init(rawValue:))
        if let status, parsedStatus == nil {
            return Output(text: "unknown status \(status); use one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))", status: 2)
        }
        let jobs = try await withStore(settings) { try await $0.listJobs(JobFilter(status: parsedStatus, repository: repository, limit: limit)) }
        if json { return Output(text: String(decoding: JobJSON.list(jobs), as: UTF8.self), status: 0) }
        var lines = ["ID                                    STATUS      ATTEMPTS  REPOSITORY                      PR      HEAD      CREATED"]
        for job in jobs {
            lines.append([job.id.padded(37), job.status.rawValue.padded(11), String(job.attempts).padded(9),
                          "\(job.platform):\(job.repository)".padded(31), ("#" + String(job.prNumber)).padded(7),
                          String(job.headSHA.prefix(8)).padded(9), JobJSON.timestamp(job.createdAt)].joined(separator: " "))
        }
        if jobs.isEmpty { lines.append("(no jobs)") }
        return Output(text: lines.joined(separator: "\n"), status: 0)
    }

    /// `loom jobs show ID`
    public static func showJob(settings: Settings, id: String, json: Bool) async throws -> Output {
        guard let job = try await withStore(settings, { try await $0.job(id: id) }) else {
            return Output(text: "no job with id \(id)", status: 1)
        }
        return Output(text: render(job, json: json), status: 0)
    }

    /// `loom jobs retry ID`
    public static func retryJob(settings: Settings, id: String, json: Bool) async throws -> Output {
        try await change(settings, id: id, json: json, verb: "retried", allowed: { $0.isFinal }) {
            try await $0.retryJob(id: id, now: SystemClock().wallNanoseconds())
        }
    }

    /// `loom jobs cancel ID`
    public static func cancelJob(settings: Settings, id: String, json: Bool) async throws -> Output {
        try await change(settings, id: id, json: json, verb: "cancelled", allowed: { !$0.isFinal }) {
            try await $0.cancelJob(id: id, reason: "cancelled_by_operator", now: SystemClock().wallNanoseconds())
        }
    }

    /// `loom repos list`
    public static func listRepositories(settings: Settings, json: Bool) async throws -> Output {
        let repositories = try await withStore(settings) { try await $0.repositories() }
        if json { return Output(text: String(decoding: JobJSON.repositories(repositories), as: UTF8.self), status: 0) }
        var lines = ["REPOSITORY                                ACTIVE  PLATFORM ID"]
        for repository in repositories {
            lines.append(["\(repository.ref)".padded(41), (repository.isActive ? "yes" : "no").padded(7), repository.ref.platformID].joined(separator: " "))
        }
        if repositories.isEmpty { lines.append("(no repositories)") }
        return Output(text: lines.joined(separator: "\n"), status: 0)
    }

    /// `loom repos add platform:owner/repo`
    public static func addRepository(settings: Settings, reference: String) async throws -> Output {
        guard let (platform, fullName) = parse(reference) else { return invalidReference(reference) }
        let now = SystemClock().wallNanoseconds()
        let repository = try await withStore(settings) { store in
            try await store.addRepository(RepositoryRef(platform: platform, platformID: "", fullName: fullName), now: now)
        }
        return Output(text: "registered \(repository.ref) (\(repository.isActive ? "enabled" : "disabled"))", status: 0)
    }

    /// `loom repos enable|disable platform:owner/repo`
    public static func setRepositoryActive(settings: Settings, reference: String, active: Bool) async throws -> Output {
        guard let (platform, fullName) = parse(reference) else { return invalidReference(reference) }
        let now = SystemClock().wallNanoseconds()
        let repository = try await withStore(settings) {
            try await $0.setRepositoryActive(platform: platform, fullName: fullName, active: active, now: now)
        }
        guard let repository else { return Output(text: "unknown repository \(reference); add it with `loom repos add \(reference)`", status: 1) }
        return Output(text: "\(repository.ref) \(active ? "enabled" : "disabled")", status: 0)
    }

    private static func change(_ settings: Settings, id: String, json: Bool, verb: String, allowed: @escaping @Sendable (JobStatus) -> Bool,
                               _ action: @escaping @Sendable (any Store) async throws -> Job?) async throws -> Output {
        try await withStore(settings) { store in
            guard let existing = try await store.job(id: id) else { return Output(text: "no job with id \(id)", status: 1) }
            guard allowed(existing.status) else {
                return Output(text: "job \(id) is \(existing.status.rawValue) and cannot be \(verb)", status: 1)
            }
            guard let job = try await action(store) else { return Output(text: "job \(id) could not be \(verb)", status: 1) }
            return Output(text: json ? render(job, json: true) : "job \(id) \(verb): now \(job.status.rawValue)", status: 0)
        }
    }

    private static func render(_ job: Job, json: Bool) -> String {
        if json {
            var writer = JSONWriter()
            JobJSON.write(job, into: &writer)
            return String(decoding: writer.bytes, as: UTF8.self)
        }
        var lines = [
            "id:           \(job.id)", "status:       \(job.status.rawValue)\(job.reason.map { " (\($0))" } ?? "")",
            "repository:   \(job.platform):\(job.repository)", "pull request: #\(job.prNumber)",
            "head:         \(job.headSHA)", "base:         \(job.baseSHA ?? "-")",
            "attempts:     \(job.attempts) of \(job.maxAttempts)", "created:      \(JobJSON.timestamp(job.createdAt))",
        ]
        if let started = job.startedAt { lines.append("started:      \(JobJSON.timestamp(started))") }
        if let completed = job.completedAt { lines.append("completed:    \(JobJSON.timestamp(completed))") }
        if let error = job.error { lines.append("error:        \(error)") }
        return lines.joined(separator: "\n")
    }

    private static func parse(_ reference: String) -> (Platform, String)? {
        guard let colon = reference.firstIndex(of: ":"), let platform = Platform(rawValue: String(reference[..<colon])) else { return nil }
        let name = String(reference[reference.index(after: colon)...])
        guard name.contains("/"), !name.hasPrefix("/"), !name.hasSuffix("/") else { return nil }
        return (platform, name)
    }

    private static func invalidReference(_ reference: String) -> Output {
        Output(text: "expected PLATFORM:OWNER/REPO with PLATFORM one of \(Platform.allCases.map(\.rawValue).joined(separator: ", ")) (got \(reference))", status: 2)
    }

    /// Opens the configured store, runs `body`, closes it.
    private static func withStore<Result: Sendable>(_ settings: Settings, _ body: @Sendable (any Store) async throws -> Result) async throws -> Result {
        try await withBackend(settings) { try await body($0.store) }
    }

    /// Opens (and migrates) the store `settings` select on a loop of its own, runs `body`, closes it.
    /// A database that cannot be reached fails within seconds: a command is not a server waiting for it.
    private static func withBackend<Result: Sendable>(_ settings: Settings,
                                                      _ body: @Sendable (StoreBackend) async throws -> Result) async throws -> Result {
        let group = try EventLoopGroup(loopCount: 1)
        try group.start(namePrefix: "loom-cli")
        defer { group.shutdown() }
        var logger = Logger(label: "loom")
        logger.logLevel = .error
        let backend = try await StoreBackend.open(settings: settings, group: group, clock: SystemClock(), logger: logger,
                                                  wait: .seconds(5))
        do {
            let result = try await body(backend)
            await backend.store.close()
            return result
        } catch {
            await backend.store.close()
            throw error
        }
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
