// JSONValue+Payload: typed lookups on webhook bodies by path, with errors that name the missing field.

internal import LoomCore

/// A parsed webhook body. Parsing happens once per delivery, on the bytes as received.
struct JSONPayload {
    let document: JSONDocument

    init(bytes: [UInt8]) throws(WebhookPayloadError) {
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            throw WebhookPayloadError("body is not valid JSON: \(error)")
        }
    }

    var root: JSONValue { document.root }
}

extension JSONValue {
    /// The value at `path` (object keys), nil when any step is missing, null or not an object.
    func member(at path: String...) -> JSONValue? { member(path) }

    func member(_ path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            guard let next = current[key], !next.isNull else { return nil }
            current = next
        }
        return current
    }

    /// The string at `path`; nil when absent, null or not a string.
    func text(at path: String...) -> String? { member(path)?.string }

    /// The non-empty string at `path`.
    func nonEmptyText(at path: String...) -> String? {
        guard let text = member(path)?.string, !text.isEmpty else { return nil }
        return text
    }

    /// The integer at `path`.
    func integer(at path: String...) -> Int? { member(path)?.int }

    /// The boolean at `path`.
    func flag(at path: String...) -> Bool? { member(path)?.bool }

    /// An identifier at `path`, given as a string or as an integer (kept as its source text, so
    /// ids beyond Double's precision survive).
    func identifier(at path: String...) -> String? { member(path)?.identifierText }

    /// This value as an identifier: a non-empty string, or an integer's text.
    var identifierText: String? {
        if let text = string { return text.isEmpty ? nil : text }
        if let number = int64 { return String(number) }
        guard let text = scalarText, !text.isEmpty,
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") || $0 == UInt8(ascii: "-") })
        else { return nil }
        return text
    }

    /// The non-empty string at `path`, or an error naming the path.
    func requiredText(at path: String...) throws(WebhookPayloadError) -> String {
        guard let text = member(path)?.string, !text.isEmpty else { throw .missing(path.joined(separator: ".")) }
        return text
    }

    /// The integer at `path`, or an error naming the path.
    func requiredInteger(at path: String...) throws(WebhookPayloadError) -> Int {
        guard let number = member(path)?.int else { throw .missing(path.joined(separator: ".")) }
        return number
    }

    /// The identifier at `path`, or an error naming the path.
    func requiredIdentifier(at path: String...) throws(WebhookPayloadError) -> String {
        guard let id = member(path)?.identifierText else { throw .missing(path.joined(separator: ".")) }
        return id
    }

    /// The object at `path`, or an error naming the path.
    func requiredObject(at path: String...) throws(WebhookPayloadError) -> JSONValue {
        guard let value = member(path), value.kind == .object else { throw .missing(path.joined(separator: ".")) }
        return value
    }
}
