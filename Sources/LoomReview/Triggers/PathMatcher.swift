// PathMatcher: how include/exclude/ignore globs apply to a changed file's path (gitignore-like).

import LoomCore

/// Matches repository paths against path globs the way people expect from `.gitignore`:
/// - a pattern matches the whole path (`src/**/*.swift`, `docs/**`), or
/// - any of its parent directories, so `build/generated` covers `build/generated/a/b.c`, or
/// - with no `/` in it, any single path component, so `*.md` covers `docs/guide/intro.md` and
///   `vendor` covers `third_party/vendor/x.c`.
enum PathMatcher {
    static func matches(_ glob: Glob, _ path: String) -> Bool {
        if glob.matches(path) { return true }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.count > 1 else { return false }
        if !glob.pattern.contains("/") {
            return components.contains { glob.matches(String($0)) }
        }
        var prefix = ""
        for component in components.dropLast() {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            if glob.matches(prefix) { return true }
        }
        return false
    }

    static func any(_ globs: [Glob], matches path: String) -> Bool {
        globs.contains { matches($0, path) }
    }
}
