// MetadataJSON: a job's string-pair metadata as a JSON object in one text column, both ways.

import LoomCore

/// Encodes `[String: String]` as a flat JSON object and reads it back, so every store keeps job
/// metadata the same way (SQLite TEXT, PostgreSQL text or jsonb).
public enum MetadataJSON {
    /// `{"key":"value",…}` with keys sorted, so equal maps give equal text.
    public static func encode(_ metadata: [String: String]) -> String {
        guard !metadata.isEmpty else { return "{}" }
        var writer = JSONWriter(reservingCapacity: 64 + metadata.count * 32)
        writer.beginObject()
        for key in metadata.keys.sorted() { writer.field(key, metadata[key]) }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The map, or nil when `text` is not a JSON object whose values are all strings.
    /// (A repeated key keeps its last value.)
    public static func decode(_ text: String) -> [String: String]? {
        guard let document = try? JSONDocument(text), document.root.kind == .object else { return nil }
        var metadata: [String: String] = [:]
        for (key, value) in document.root.members {
            guard let string = value.string else { return nil }
            metadata[key] = string
        }
        return metadata
    }
}
