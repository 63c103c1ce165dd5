// GitLabDiffAssembler: a `Diff` from GitLab's per-file `diffs` entries, whose text has hunks but no headers.

/// GitLab's `GET …/merge_requests/:iid/diffs` gives each file's hunks without the `diff --git`,
/// `---` and `+++` lines. This rebuilds them from `old_path`/`new_path` and the `new_file`,
/// `renamed_file` and `deleted_file` flags, so the result is an ordinary git diff — kept as text
/// for `{{raw_diff}}` and parsed with `UnifiedDiffParser` into the same `Diff` any other platform
/// gives.
public enum GitLabDiffAssembler {
    /// One element of GitLab's `diffs` (or the older `changes`) array.
    public struct Entry: Hashable, Sendable {
        public var oldPath: String
        public var newPath: String
        /// The hunks, or `Binary files … differ`, or empty (an empty file, a mode change, or a
        /// diff GitLab left out as too large).
        public var diff: String
        public var newFile: Bool
        public var renamedFile: Bool
        public var deletedFile: Bool
        /// GitLab's guess that the file is generated (lock files, minified code).
        public var generatedFile: Bool
        public var aMode: String?
        public var bMode: String?
        /// GitLab left the diff out (`too_large` or `collapsed`).
        public var omitted: Bool

        public init(oldPath: String, newPath: String, diff: String, newFile: Bool = false, renamedFile: Bool = false,
                    deletedFile: Bool = false, generatedFile: Bool = false, aMode: String? = nil, bMode: String? = nil,
                    omitted: Bool = false) {
            self.oldPath = oldPath
            self.newPath = newPath
            self.diff = diff
            self.newFile = newFile
            self.renamedFile = renamedFile
            self.deletedFile = deletedFile
            self.generatedFile = generatedFile
            self.aMode = aMode
            self.bMode = bMode
            self.omitted = omitted
        }
    }

    /// The rebuilt text, its parse, and what did not fit.
    public struct Result: Hashable, Sendable {
        /// Git-style unified diff text of every entry.
        public var unifiedText: String
        public var diff: Diff
        /// Parser issues (line numbers refer to `unifiedText`) and omitted diffs.
        public var issues: [UnifiedDiffParser.Issue]
        /// New paths GitLab flagged as generated, in entry order.
        public var generatedPaths: [String]
    }

    /// Entries from a `diffs` response: the array itself, or an object with `diffs` or `changes`.
    /// Elements without `old_path` and `new_path` strings are skipped.
    public static func entries(from json: JSONValue) -> [Entry] {
        let list = json.kind == .array ? json : (json["diffs"] ?? json["changes"])
        return (list?.elements ?? []).compactMap { element in
            guard let old = element["old_path"]?.string ?? element["new_path"]?.string,
                  let new = element["new_path"]?.string ?? element["old_path"]?.string else { return nil }
            return Entry(oldPath: old, newPath: new, diff: element["diff"]?.string ?? "",
                         newFile: element["new_file"]?.bool ?? false, renamedFile: element["renamed_file"]?.bool ?? false,
                         deletedFile: element["deleted_file"]?.bool ?? false,
                         generatedFile: element["generated_file"]?.bool ?? false,
                         aMode: element["a_mode"]?.string, bMode: element["b_mode"]?.string,
                         omitted: element["too_large"]?.bool == true || element["collapsed"]?.bool == true)
        }
    }

    /// Rebuilds and parses every entry.
    public static func assemble(_ entries: [Entry]) -> Result {
        var text = ""
        var omittedIssues: [UnifiedDiffParser.Issue] = []
        var startLine = 1
        for entry in entries {
            let piece = unifiedText(for: entry)
            if entry.omitted && entry.diff.isEmpty {
                omittedIssues.append(UnifiedDiffParser.Issue(
                    line: startLine, message: "GitLab left out the diff of \(entry.newPath) (too large)"))
            }
            text += piece
            startLine += piece.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        let parsed = UnifiedDiffParser.parse(text)
        let issues = (parsed.issues + omittedIssues).sorted { $0.line < $1.line }
        return Result(unifiedText: text, diff: parsed.diff, issues: issues,
                      generatedPaths: entries.filter(\.generatedFile).map(\.newPath))
    }

    /// One entry as git diff text: rebuilt headers followed by GitLab's hunks.
    public static func unifiedText(for entry: Entry) -> String {
        let status: FileDiff.Status =
            entry.newFile ? .added : entry.deletedFile ? .deleted
            : (entry.renamedFile || entry.oldPath != entry.newPath) ? .renamed : .modified
        let body = entry.diff
        let isBinary = body.hasPrefix("Binary files ") || body.hasPrefix("GIT binary patch")
        var text = UnifiedDiffWriter.header(oldPath: entry.oldPath, newPath: entry.newPath, status: status,
                                            fileLines: !body.isEmpty && !isBinary,
                                            oldMode: entry.aMode, newMode: entry.bMode)
        text += body
        if !body.isEmpty && !body.hasSuffix("\n") { text += "\n" }
        return text
    }
}
