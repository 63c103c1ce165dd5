// GitHubAPI+Files: a unified diff rebuilt from `/pulls/{n}/files` when GitHub refuses the whole diff.

internal import LoomCore

extension GitHubAPI {
    /// `GET /repos/{o}/{r}/pulls/{n}/files?per_page=100` (at most 3000 files), as git-style diff
    /// text: each file's `patch` under the headers `git diff` would print. Files GitHub sends no
    /// patch for (binary, or too large) become `Binary files … differ`, so they are listed but
    /// never reviewed.
    func diffFromFiles(_ ref: PullRequestRef) async throws -> String {
        let first = transport.url(try repositoryPath(ref) + "/pulls/\(ref.number)/files", [("per_page", "100")])
        let files = try await transport.pages(first, items: APITransport.arrayItems) { response, _ in APITransport.nextLink(response) }
        var text = ""
        for file in files {
            guard let newPath = file.text(at: "filename") else { continue }
            let status = file.text(at: "status") ?? "modified"
            let oldPath = file.text(at: "previous_filename") ?? newPath
            let patch = file.text(at: "patch")
            let kind: FileDiff.Status = switch status {
            case "added": .added
            case "removed": .deleted
            case "renamed": .renamed
            case "copied": .copied
            default: .modified
            }
            text += UnifiedDiffWriter.header(oldPath: oldPath, newPath: newPath, status: kind, fileLines: patch != nil)
            if let patch {
                text += patch
                if !patch.hasSuffix("\n") { text += "\n" }
            } else if kind != .renamed {
                let from = kind == .added ? "/dev/null" : GitPath.quoteIfNeeded("a/" + oldPath)
                let to = kind == .deleted ? "/dev/null" : GitPath.quoteIfNeeded("b/" + newPath)
                text += "Binary files \(from) and \(to) differ\n"
            }
        }
        return text
    }
}
