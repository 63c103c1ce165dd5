// Settings+Secrets: which variables are secrets, and reading `X_FILE` (Docker/Kubernetes secrets) into `X`.

extension Settings {
    /// Whether `name` holds a secret: never printed, and may be given as `name_FILE`.
    ///
    /// Decided by naming convention so LLM keys a repository config names (`FOO_API_KEY`) are
    /// covered without a list: `*_TOKEN`, `*_SECRET`, `*_PASSWORD`, `*_PAT`, `*_API_KEY`, plus
    /// `DATABASE_URL` and `REDIS_URL`, which embed passwords.
    public static func isSecret(_ name: String) -> Bool {
        if name == "DATABASE_URL" || name == "REDIS_URL" { return true }
        return ["_TOKEN", "_SECRET", "_PASSWORD", "_PAT", "_API_KEY"].contains { name.hasSuffix($0) }
    }

    /// Merges the two sources (process first) and replaces each secret's `X_FILE` with the file's
    /// content under `X`.
    ///
    /// `X` and `X_FILE` count as one setting for precedence: if the process environment has
    /// either, `.env` is not consulted for that secret. Setting both in the same source is an
    /// error, since either choice could silently use a stale credential.
    static func resolveSecrets(environment: [String: String], dotEnv: [String: String], workingDirectory: String,
                               readFile: (String) throws -> String,
                               problems: inout [SettingsError.Problem]) -> [String: String] {
        var merged = dotEnv.merging(environment) { _, process in process }
        var secretNames = Set<String>()
        for key in merged.keys {
            let base = key.hasSuffix("_FILE") ? String(key.dropLast(5)) : key
            if isSecret(base) { secretNames.insert(base) }
        }
        for name in secretNames.sorted() {
            let fileKey = name + "_FILE"
            let source = environment[name] != nil || environment[fileKey] != nil ? environment : dotEnv
            merged[fileKey] = nil
            merged[name] = source[name]
            guard let path = source[fileKey], !path.isEmpty else { continue }
            if let direct = source[name], !direct.isEmpty {
                problems.append(.init(variable: name, message: "set either \(name) or \(fileKey), not both"))
                merged[name] = nil
                continue
            }
            do {
                var content = try readFile(absolutePath(path, in: workingDirectory))
                while content.last == "\n" || content.last == "\r\n" { content.removeLast() }
                if content.isEmpty {
                    problems.append(.init(variable: fileKey, message: "file \"\(path)\" is empty"))
                }
                merged[name] = content
            } catch {
                problems.append(.init(variable: fileKey, message: "cannot read \"\(path)\": \(error)"))
                merged[name] = nil
            }
        }
        return merged
    }

    /// `path` made absolute against `directory`, with a leading `./` dropped.
    static func absolutePath(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        if relative.isEmpty || relative == "." { return directory }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}
