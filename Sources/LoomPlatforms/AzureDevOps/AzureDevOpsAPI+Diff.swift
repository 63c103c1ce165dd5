// AzureDevOpsAPI+Diff: a unified diff built from an iteration's changes and the file contents at both commits.

public import LoomCore

extension AzureDevOpsAPI {
    /// Files larger than this are listed as binary rather than diffed: a review could not use
    /// their diff, and Myers on megabytes of text is wasted time.
    static let maxDiffedFileBytes = 1 << 20
    /// Content fetches in flight at once.
    static let concurrentFetches = 4

    /// One changed file of an iteration, paths without their leading `/`.
    struct Change: Sendable {
        var oldPath: String?
        var newPath: String?
    }

    /// Azure has no unified-diff endpoint: `GET …/iterations/{latest}/changes?$compareTo=0`
    /// lists what changed against the merge base, then each file is read at the base and head
    /// commits (`items`) and diffed with `MyersDiff`, the way `git diff base..head` would show it.
    public func diff(_ ref: PullRequestRef, info: PullRequestInfo) async throws -> Diff {
        let repository = try repositoryPath(ref)
        let pull = repository + "/pullRequests/\(ref.number)"
        var iteration = info.attributes[InfoAttribute.iteration]
        if iteration == nil { iteration = try await latestIteration(pull: pull)?.identifier(at: "id") }
        guard let iteration else { return Diff(files: []) }
        let changes = try await changes(pull: pull, iteration: iteration)
        var files = [FileDiff?](repeating: nil, count: changes.count)
        try await withThrowingTaskGroup(of: (Int, FileDiff?).self) { group in
            var next = 0
            var running = 0
            while next < changes.count || running > 0 {
                while next < changes.count && running < Self.concurrentFetches {
                    let index = next, change = changes[index]
                    group.addTask { (index, try await fileDiff(change, repository: repository, info: info)) }
                    next += 1
                    running += 1
                }
                guard let (index, file) = try await group.next() else { break }
                running -= 1
                files[index] = file
            }
        }
        return Diff(files: files.compactMap { $0 })
    }

    /// Every change entry of `iteration` against the merge base (`$compareTo=0`), pages of 2000
    /// followed through `nextSkip`. Folders are skipped; files come sorted by path like git's.
    func changes(pull: String, iteration: String) async throws -> [Change] {
        var result: [Change] = []
        var skip = 0
        for _ in 0..<APITransport.maxPages {
            let url = transport.url(pull + "/iterations/\(APIURL.encode(iteration))/changes",
                                    [("$compareTo", "0"), ("$top", "2000"), ("$skip", String(skip)), Self.apiVersion])
            let page = try await transport.getJSONValue(url)
            result += (page["changeEntries"]?.elements ?? []).compactMap(Self.change)
            guard let nextSkip = page.integer(at: "nextSkip"), nextSkip > skip else { break }
            skip = nextSkip
        }
        return result.sorted { ($0.newPath ?? $0.oldPath ?? "") < ($1.newPath ?? $1.oldPath ?? "") }
    }

    /// One `changeEntries` element: `changeType` is a comma-separated set (`edit, rename`).
    static func change(_ entry: JSONValue) -> Change? {
        guard let path = entry.text(at: "item", "path"), entry.flag(at: "item", "isFolder") != true,
              entry.text(at: "item", "gitObjectType") != "tree" else { return nil }
        let types = Set((entry.text(at: "changeType") ?? "edit").split(separator: ",").map { $0.trimmingASCIISpaces().lowercased() })
        let original = entry.text(at: "originalPath") ?? entry.text(at: "item", "originalPath") ?? entry.text(at: "sourceServerItem")
        let current = trimmed(path)
        if types.contains("add") && !types.contains("rename") { return Change(oldPath: nil, newPath: current) }
        if types.contains("delete") { return Change(oldPath: trimmed(original ?? path), newPath: nil) }
        if types.contains("rename") || types.contains("sourcerename") {
            return Change(oldPath: trimmed(original ?? path), newPath: current)
        }
        return Change(oldPath: current, newPath: current)
    }

    /// Reads both sides of `change` and diffs them; nil when neither side exists.
    func fileDiff(_ change: Change, repository: String, info: PullRequestInfo) async throws -> FileDiff? {
        var old: [UInt8]?
        var new: [UInt8]?
        if let path = change.oldPath { old = try await content(repository: repository, path: path, commit: info.baseSHA) }
        if let path = change.newPath { new = try await content(repository: repository, path: path, commit: info.headSHA) }
        guard old != nil || new != nil else { return nil }
        if (old?.count ?? 0) > Self.maxDiffedFileBytes || (new?.count ?? 0) > Self.maxDiffedFileBytes {
            let status: FileDiff.Status = old == nil ? .added : new == nil ? .deleted : change.oldPath != change.newPath ? .renamed : .modified
            return FileDiff(oldPath: old == nil ? nil : change.oldPath, newPath: new == nil ? nil : change.newPath,
                            status: status, isBinary: true)
        }
        return MyersDiff.fileDiff(oldPath: old == nil ? nil : change.oldPath, newPath: new == nil ? nil : change.newPath,
                                  old: old, new: new)
    }

    static func trimmed(_ path: String) -> String { String(path.drop { $0 == "/" }) }
}
