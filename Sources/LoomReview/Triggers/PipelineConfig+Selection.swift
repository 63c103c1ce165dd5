// PipelineConfig+Selection: which changed files a pipeline reviews (include_paths minus exclude_paths).

public import LoomCore

extension PipelineConfig {
    /// Whether the pipeline reviews `path`: it matches `include_paths` (or that list is empty)
    /// and matches no `exclude_paths`. Globs follow `.gitignore` habits: a pattern without `/`
    /// matches a file or folder name at any depth, and a pattern matching a folder covers
    /// everything inside it.
    public func selects(_ path: String) -> Bool {
        (includePaths.isEmpty || PathMatcher.any(includePaths, matches: path))
            && !PathMatcher.any(excludePaths, matches: path)
    }

    /// The paths of `paths` this pipeline reviews, in their order.
    public func selectPaths(_ paths: [String]) -> [String] {
        paths.filter(selects)
    }

    /// The files of `diff` this pipeline reviews, in diff order. A deleted file is judged by its
    /// old path, a renamed one by its new path.
    public func selectFiles(_ files: [FileDiff]) -> [FileDiff] {
        files.filter { selects($0.path) }
    }
}
