// JSONMutationTests: seeded random edits of real payloads never crash and agree with Foundation.

import Foundation
import LoomCore
import LoomTestSupport
import Testing

@Suite("JSON reader: mutated payloads")
struct JSONMutationTests {
    /// Bytes that matter to a JSON reader, so most edits change validity or meaning.
    static let interesting: [UInt8] = Array("{}[],:\"\\ \n\t0123456789-+.eEtfnrulsaxX/".utf8)
        + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]

    static func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch random.next() % 6 {
            case 0: bytes[at] = interesting.randomElement(using: &random)!
            case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.remove(at: at)
            case 3: bytes.insert(interesting.randomElement(using: &random)!, at: at)
            case 4:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: Array(bytes[at..<end]), at: Int.random(in: 0...bytes.count, using: &random))
            default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &random)))
            }
        }
        return bytes
    }

    /// Where `JSONSerialization` knowingly departs from RFC 8259 or from our documented choices:
    /// it accepts trailing commas, rejects escaped lone surrogates and numbers beyond `Double`.
    static func foundationMayDisagree(_ bytes: [UInt8], _ document: JSONDocument?) -> Bool {
        if hasTrailingComma(bytes) || hasSurrogateEscape(bytes) { return true }
        if let document, hasInfiniteNumber(document.root) { return true }
        return false
    }

    // Plain loops over a buffer: these run on every mutated input in debug builds.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var lastSignificant: UInt8 = 0
            for byte in buffer where byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 {
                if (byte == 0x5D || byte == 0x7D) && lastSignificant == 0x2C { return true }  // `,]` `,}`
                lastSignificant = byte
            }
            return false
        }
    }

    static func hasSurrogateEscape(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count >= 4 else { return false }
            for i in 0..<(buffer.count - 3) where buffer[i] == 0x5C && buffer[i + 1] | 0x20 == 0x75  // `\u`
                && buffer[i + 2] | 0x20 == 0x64 && buffer[i + 3] | 0x20 >= 0x38 {  // `d8`–`df`
                return true
            }
            return false
        }
    }

    static func hasInfiniteNumber(_ value: JSONValue) -> Bool {
        switch value.kind {
        case .number: value.double == nil
        case .array: value.elements.contains(where: hasInfiniteNumber)
        case .object: value.members.contains { hasInfiniteNumber($0.value) }
        default: false
        }
    }

    @Test("random edits of every fixture: no crash, same verdict and tree as Foundation")
    func mutations() throws {
        let inputs = try JSONFixtureTests.files.map { try Fixtures.bytes($0) }
        var random = SplitMix64(seed: 0x10_0A_C0DE)
        var compared = 0
        var rejected = 0
        for round in 0..<2_000 {
            let input = inputs[round % inputs.count]
            let bytes = Self.mutate(input, using: &random)
            let document = try? JSONDocument(bytes: bytes)
            if let document { touchEverything(document.root) }
            if Self.foundationMayDisagree(bytes, document) { continue }
            let reference = FoundationJSON.parse(bytes)
            compared += 1
            #expect((document != nil) == (reference != nil),
                    "round \(round): ours \(document != nil), Foundation \(reference != nil): \(Self.preview(bytes))")
            if let document, let reference {
                #expect(FoundationJSON.difference(document.root, reference) == nil, "round \(round)")
            } else if document == nil {
                rejected += 1
            }
        }
        // The comparison must actually have run on both outcomes.
        #expect(compared > 1_500)
        #expect(rejected > 800)
        #expect(compared - rejected > 200)
    }

    static func preview(_ bytes: [UInt8]) -> String { String(decoding: bytes.prefix(300), as: UTF8.self) }

    /// Reads every value every way, so a bad index would trap here rather than in production.
    func touchEverything(_ value: JSONValue) {
        _ = value.rawBytes
        _ = value.scalarText
        _ = (value.int, value.double, value.bool, value.isNull, value.count)
        for element in value.elements { touchEverything(element) }
        for (key, member) in value.members {
            _ = value[key]
            touchEverything(member)
        }
    }
}
