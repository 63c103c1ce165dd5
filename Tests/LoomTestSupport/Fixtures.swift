// Fixtures: the platforms' real webhook payloads and API responses (copied unmodified into Tests/Fixtures).

import Foundation

/// Access to `Tests/Fixtures`, located from this source file so it works from any working directory.
public enum Fixtures {
    /// Absolute path of `Tests/Fixtures`.
    public static let directory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
    }()

    /// The exact bytes of a fixture, e.g. `webhooks/github/pull_request.opened.json`.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + relativePath))
        return [UInt8](data)
    }

    /// One entry of `manifest.json`.
    public struct Entry: Decodable, Sendable {
        public let file: String
        public let sha256: String
        public let headers: [String: String]
        public let note: String?
    }

    /// Every manifest entry.
    public static func manifest() throws -> [Entry] {
        try JSONDecoder().decode([Entry].self, from: Data(bytes("manifest.json")))
    }
}
