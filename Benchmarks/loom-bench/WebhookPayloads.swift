// WebhookPayloads: realistic signed deliveries for each platform, made unique per request.

import Glibc
import LoomCore
import LoomCrypto

/// A fixture payload whose head SHA (and, for Azure, the event id) are rewritten for every request,
/// so each one is a new commit with a new delivery id and creates a job; then signed the way its
/// platform signs.
final class WebhookPayloads: RequestSource {
    /// A platform's fixture body, the strings in it to make unique, and its event headers.
    struct Template {
        let platform: Platform
        let body: [UInt8]
        /// Replaced per request by a counter of the same length (head SHA, Azure's event id).
        let uniqueStrings: [String]
        let eventHeaders: [(String, String)]
        /// Digits of the PR number to count up per request (no leading zeros), or nil to keep it.
        let numberSlot: String?
    }

    private let template: Template
    private let secret: [UInt8]
    private let host: String
    private var body: [UInt8]
    /// (offset, length) of every occurrence of every unique string.
    private let slots: [(offset: Int, length: Int)]
    private let numberOffset: Int?
    private var counter: UInt64
    private let connection: Int

    init(template: Template, secret: String, host: String, connection: Int) {
        self.template = template
        self.secret = Array(secret.utf8)
        self.host = host
        self.connection = connection
        body = template.body
        // Counting starts from the wall clock in microseconds (40 bits wrap in ~12.7 days), far ahead
        // of what a run sends per connection: a second run against the same PostgreSQL and Redis
        // makes new commits and delivery ids rather than duplicates of the first run's.
        counter = UInt64(connection) << 40 | Self.microsecondsNow() & 0xFF_FFFF_FFFF
        var found: [(offset: Int, length: Int)] = []
        for unique in template.uniqueStrings {
            let needle = Array(unique.utf8)
            var index = 0
            let before = found.count
            while index + needle.count <= body.count {
                if body[index] == needle[0] && body[index..<index + needle.count].elementsEqual(needle) {
                    found.append((index, needle.count))
                    index += needle.count
                } else {
                    index += 1
                }
            }
            precondition(found.count > before, "\(template.platform) template lacks \(unique)")
        }
        slots = found
        if let slot = template.numberSlot {
            let needle = Array(slot.utf8)
            let bytes = template.body
            numberOffset = (0...(bytes.count - needle.count)).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) }
        } else {
            numberOffset = nil
        }
    }

    private static func microsecondsNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000)
    }

    func nextRequest() -> [UInt8] {
        counter += 1
        let hex = Array(String(counter, radix: 16).utf8)
        for slot in slots {
            // Right-aligned counter, zero-padded to the original length (all lengths here are ≥ 12).
            for position in 0..<slot.length {
                let fromEnd = slot.length - 1 - position
                body[slot.offset + position] = fromEnd < hex.count ? hex[hex.count - 1 - fromEnd] : UInt8(ascii: "0")
            }
        }
        if let numberOffset {
            // A ten-digit number from 1,000,000,000 up: a new PR per request, same length always.
            let sequence = UInt64(connection % 80) * 100_000_000 + (counter & 0xFF_FFFF_FFFF) % 100_000_000
            let digits = Array(String(1_000_000_000 + sequence).utf8)
            body.replaceSubrange(numberOffset..<numberOffset + 10, with: digits)
        }
        let delivery = "bench-\(connection)-\(counter)"
        var headers = template.eventHeaders
        let mac = body.withUnsafeBytes { Hex.encode(Digest.hmac(.sha256, key: secret, message: $0)) }
        switch template.platform {
        case .github: headers += [("X-GitHub-Delivery", delivery), ("X-Hub-Signature-256", "sha256=" + mac)]
        case .gitlab: headers += [("X-Gitlab-Event-UUID", delivery), ("X-Gitlab-Token", String(decoding: secret, as: UTF8.self))]
        case .gitea: headers += [("X-Gitea-Delivery", delivery), ("X-Gitea-Signature", mac)]
        case .bitbucket: headers += [("X-Request-UUID", delivery), ("X-Hub-Signature", "sha256=" + mac)]
        case .azureDevOps: headers += [("Authorization", "Basic " + Base64.encode(Array("bench:".utf8) + secret))]
        }
        var head = "POST /webhooks/\(template.platform.rawValue) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
