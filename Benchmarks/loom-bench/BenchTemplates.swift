// BenchTemplates: the real fixture payload of each platform, loaded from Tests/Fixtures.

import Foundation
import LoomCore

/// The webhook templates `loom-bench webhooks` sends.
enum BenchTemplates {
    /// `Tests/Fixtures/webhooks` of this checkout.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/webhooks").path

    static func load(_ platform: Platform) throws -> WebhookPayloads.Template {
        func bytes(_ file: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
        }
        switch platform {
        case .github:
            // Every request opens a new PR with a new head: give the PR number room for a counter.
            let body = Array(String(decoding: try bytes("github/pull_request.opened.json"), as: UTF8.self)
                .replacingOccurrences(of: "\"number\": 2,", with: "\"number\": 1000000000,").utf8)
            return .init(platform: .github, body: body, uniqueStrings: ["ec26c3e57ca3a959ca5aad62de7213c562f8c821"],
                         eventHeaders: [("X-GitHub-Event", "pull_request")], numberSlot: "1000000000")
        case .gitlab:
            let body = try bytes("gitlab/merge_request.open.json")
            return .init(platform: .gitlab, body: body, uniqueStrings: [lastCommit(body)],
                         eventHeaders: [("X-Gitlab-Event", "Merge Request Hook")], numberSlot: nil)
        case .gitea:
            let body = try bytes("gitea/pull_request.opened.json")
            return .init(platform: .gitea, body: body, uniqueStrings: [headSHA(body, path: ["pull_request", "head", "sha"])],
                         eventHeaders: [("X-Gitea-Event", "pull_request")], numberSlot: nil)
        case .bitbucket:
            let body = try bytes("bitbucket/pullrequest_created.json")
            return .init(platform: .bitbucket, body: body,
                         uniqueStrings: [headSHA(body, path: ["pullrequest", "source", "commit", "hash"])],
                         eventHeaders: [("X-Event-Key", "pullrequest:created")], numberSlot: nil)
        case .azureDevOps:
            let body = try bytes("azure-devops/git.pullrequest.created.json")
            return .init(platform: .azureDevOps, body: body,
                         uniqueStrings: [headSHA(body, path: ["resource", "lastMergeSourceCommit", "commitId"]), headSHA(body, path: ["id"])],
                         eventHeaders: [], numberSlot: nil)
        }
    }

    private static func lastCommit(_ body: [UInt8]) -> String {
        headSHA(body, path: ["object_attributes", "last_commit", "id"])
    }

    private static func headSHA(_ body: [UInt8], path: [String]) -> String {
        var value: Any? = try? JSONSerialization.jsonObject(with: Data(body))
        for key in path { value = (value as? [String: Any])?[key] }
        return value as? String ?? ""
    }
}
