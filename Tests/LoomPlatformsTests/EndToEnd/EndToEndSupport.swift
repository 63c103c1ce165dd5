// EndToEndSupport: a fake platform, a fake model and a real Loom wired together for one review.

import Foundation
import LoomCore
import LoomServer
import LoomTestSupport

/// The repository config and prompt every end-to-end review uses, pointing at the fake model.
enum EndToEnd {
    static func config(modelURL: String, extra: String = "") -> String {
        """
        models:
          fake:
            base_url: \(modelURL)
            model: review-model
            api_key_env: OPENAI_API_KEY
        pipelines:
          - name: general
            model: fake
            prompt_file: prompts/general.md
        \(extra)
        """
    }

    static let prompt = "Review this change to {{repository}}:\n{{diff}}\nTitle: {{pr_title}}\n"

    /// The sample change as PR `number` with head/base commits, and the config and prompt at the base.
    static func pullRequest(number: Int, head: String, base: String, config: String) -> FakePullRequest {
        var pull = SamplePullRequest.make(number: number)
        let baseFiles = pull.files[SamplePullRequest.baseSHA] ?? [:]
        let headFiles = pull.files[SamplePullRequest.headSHA] ?? [:]
        pull.headSHA = head
        pull.baseSHA = base
        pull.files = [
            base: baseFiles.merging([".loom/config.yaml": Array(config.utf8), ".loom/prompts/general.md": Array(prompt.utf8)]) { $1 },
            head: headFiles.merging([".loom/config.yaml": Array(config.utf8), ".loom/prompts/general.md": Array(prompt.utf8)]) { $1 },
        ]
        return pull
    }

    /// A model reply in a Markdown fence after some prose, with one invalid item: findings on an
    /// added line, a line two below the first hunk (moved into it), a line between the hunks
    /// (outside the diff), the new file, and a file that is not in the diff.
    static let firstReply = """
        Here are my findings for this change:

        ```json
        [
          {"file": "src/app.py", "line": 2, "severity": "blocker", "message": "sys is imported only for argv", "category": "style"},
          {"file": "src/app.py", "line": 12, "severity": "warning", "message": "f0 is never called"},
          {"file": "src/app.py", "line": 14, "severity": "info", "message": "Consider a docstring for f1"},
          {"file": "NOTES.md", "line": 2, "severity": "info", "message": "The notes start with an empty paragraph"},
          {"file": "README.md", "line": 1, "severity": "warning", "message": "README does not mention argv"},
          {"file": 3, "message": "not a valid item"}
        ]
        ```
        """

    /// The first reply's findings plus a new one on the second hunk.
    static let secondReply = """
        [
          {"file": "src/app.py", "line": 2, "severity": "blocker", "message": "sys is imported only for argv", "category": "style"},
          {"file": "src/app.py", "line": 12, "severity": "warning", "message": "f0 is never called"},
          {"file": "NOTES.md", "line": 2, "severity": "info", "message": "The notes start with an empty paragraph"},
          {"file": "src/app.py", "line": 21, "severity": "warning", "message": "helper now triples instead of doubling"}
        ]
        """

    /// Inline comments expected after the first reply: (path, new line).
    static let firstInline: Set<String> = ["src/app.py:2", "src/app.py:10", "NOTES.md:2"]

    static func key(_ comment: FakeComment) -> String { "\(comment.path ?? "?"):\(comment.line ?? 0)" }

    /// A fixture's bytes with `replacements` applied (identities, head commits).
    static func fixture(_ path: String, replacing replacements: [(String, String)] = []) throws -> [UInt8] {
        var text = String(decoding: try Fixtures.bytes(path), as: UTF8.self)
        for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
        return Array(text.utf8)
    }

    static func jobID(_ response: RawResponse?) -> String? {
        guard let response, let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return nil }
        return object["job_id"] as? String
    }
}
