// JSONValidityTests: RFC 8259 acceptance and rejection of numbers, strings, UTF-8 and structure.

import LoomCore
import Testing

@Suite("JSON reader: RFC 8259 validity")
struct JSONValidityTests {
    static func accepts(_ text: String) -> Bool { (try? JSONDocument(text)) != nil }
    static func accepts(_ bytes: [UInt8]) -> Bool { (try? JSONDocument(bytes: bytes)) != nil }

    @Test("valid numbers keep their source text", arguments: [
        "0", "-0", "1", "-1", "1e5", "1E+2", "1e-2", "0.1", "-0.0", "0e0", "0E-0", "123.456e-78",
        "1E400", "-1e-400", "9223372036854775808", "123456789012345678901234567890", "10.5E+10",
    ])
    func validNumber(_ text: String) throws {
        let root = try JSONDocument(text).root
        #expect(root.kind == .number)
        #expect(root.scalarText == text)
        #expect(try JSONDocument("[\(text)]").root[0]?.scalarText == text)
        #expect(try JSONDocument("{\"n\":\(text)}").root["n"]?.scalarText == text)
    }

    @Test("invalid numbers are rejected", arguments: [
        "01", "1.", ".1", "+1", "NaN", "Infinity", "-Infinity", "-", "--1", "1e", "1e+", "1E-",
        "0x10", "1.e5", "-01", "00", "1..2", "1e5.5", "1.5e", "-.5", "- 1", "1 .5", "[01]", "[1.]",
        "[.5]", "{\"a\":-}", "[+1]", "[1e]", "Inf", "1ee5", "0.1.2", "1_000",
    ])
    func invalidNumber(_ text: String) {
        #expect(!Self.accepts(text))
    }

    @Test("every escape decodes")
    func escapes() throws {
        let root = try JSONDocument(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\uD83D\uDE00""#).root
        #expect(root.string == "\"\\/\u{08}\u{0C}\n\r\tAé€😀")
    }

    @Test("invalid escapes are rejected", arguments: [
        #""\x""#, #""\U0041""#, #""\u12""#, #""\u12G4""#, #""\'""#, #""\a""#, #""\0""#, #""\u""#,
        #""\"#, #""\u004""#, #""abc"#, #"""#, #""\ ""#,
    ])
    func invalidEscape(_ text: String) {
        #expect(!Self.accepts(text))
    }

    @Test("raw control characters in strings are rejected", arguments: Array(UInt8(0)..<0x20))
    func rawControlCharacter(_ byte: UInt8) {
        // At several distances from the start so both the 8-byte and the byte-wise scan see it.
        for padding in 0..<12 {
            let bytes = [0x22] + Array(repeating: UInt8(ascii: "a"), count: padding) + [byte, 0x22]
            #expect(!Self.accepts(bytes), "byte \(byte) after \(padding) bytes")
        }
    }

    @Test("DEL and escaped control characters are allowed")
    func allowedControls() throws {
        #expect(try JSONDocument(bytes: [0x22, 0x7F, 0x22]).root.string == "\u{7F}")
        #expect(try JSONDocument(#""a\u0000b\u001f""#).root.string == "a\u{0}b\u{1F}")
    }

    @Test("invalid UTF-8 in strings is rejected", arguments: [
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],  // overlong
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // UTF-8-encoded surrogates
        [0xE2, 0x82], [0xC3], [0xF0, 0x9F, 0x98],  // truncated
        [0x80], [0xBF], [0xFF], [0xFE], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xC3, 0x28], [0xE2, 0x28, 0xA1], [0xF0, 0x9F, 0x28, 0x80],
    ] as [[UInt8]])
    func invalidUTF8(_ sequence: [UInt8]) {
        for padding in 0..<12 {
            let pad = Array(repeating: UInt8(ascii: "a"), count: padding)
            #expect(!Self.accepts([0x22] + pad + sequence + [0x22]), "\(sequence) after \(padding) bytes")
            #expect(!Self.accepts([0x22] + pad + sequence + pad + [0x22]))
        }
    }

    @Test("valid UTF-8 in strings is accepted and decoded", arguments: [
        [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xC2, 0x80],
    ] as [[UInt8]])
    func validUTF8(_ sequence: [UInt8]) throws {
        for padding in 0..<12 {
            let pad = Array(repeating: UInt8(ascii: "a"), count: padding)
            let document = try JSONDocument(bytes: [0x22] + pad + sequence + pad + [0x22])
            #expect(Array(document.root.string!.utf8) == pad + sequence + pad)
        }
    }

    @Test("non-ASCII outside strings is rejected")
    func nonASCIIOutsideStrings() {
        #expect(!Self.accepts([0x5B, 0xC3, 0xA9, 0x5D]))
        #expect(!Self.accepts("\u{A0}1"))
        #expect(!Self.accepts("1\u{3000}"))
    }

    @Test("valid structures", arguments: [
        "1", "\"s\"", "true", "false", "null", "[]", "{}", " [ ] ", "\t{\r\n}\n", "[[], {}]",
        "[1,\"a\",true,false,null,{},[]]", "{\"a\":{\"b\":[1,{\"c\":null}]}}", "{\"\":0}", "[ 1 , 2 ]",
        "{ \"a\" : 1 , \"b\" : 2 }",
    ])
    func validStructure(_ text: String) {
        #expect(Self.accepts(text))
    }

    @Test("invalid structures", arguments: [
        "", " ", "\n\t\r ", "[1,]", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{1:1}",
        "{\"a\"}", "[", "{", "[1", "{\"a\":", "{\"a\"", "[1]]", "]", "}", "[}", "{]", "[1]x", "1 2",
        "[,1]", "{,}", "[1,,2]", ":", "{\"a\"::1}", "nul", "tru", "fals", "falsey", "nulls", "True",
        "NULL", "[1]\u{0B}", "\u{0C}1", "//c\n1", "'a'", "{'a':1}", "{a:1}", "[1];", "\"a\" \"b\"",
        "[true false]", "{\"a\":1}{}", "[\"a\":1]", "{\"a\",1}", "\u{FEFF}",
    ])
    func invalidStructure(_ text: String) {
        #expect(!Self.accepts(text))
    }

    @Test("a leading byte order mark is skipped, only once")
    func byteOrderMark() throws {
        #expect(try JSONDocument(bytes: [0xEF, 0xBB, 0xBF] + Array("[1]".utf8)).root[0]?.int == 1)
        #expect(!Self.accepts([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("[1]".utf8)))
        #expect(!Self.accepts([0xEF, 0xBB] + Array("[1]".utf8)))
    }

    @Test("nesting is limited to 512 levels")
    func depthLimit() {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        #expect(Self.accepts(nested(512)))
        #expect(!Self.accepts(nested(513)))
        #expect(!Self.accepts(nested(100_000)))
        let objects = String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512)
        #expect(Self.accepts(objects))
        #expect(!Self.accepts("[" + objects + "]"))
    }

    @Test("errors carry the offending offset and a readable description")
    func errorOffsets() {
        func offset(_ text: String) -> Int? {
            do { _ = try JSONDocument(text) } catch { return error.offset }
            return nil
        }
        #expect(offset("[1,]") == 3)
        #expect(offset("[1]x") == 3)
        #expect(offset("{\"a\" 1}") == 5)
        #expect(offset("[01]") == 2)
        #expect(offset("") == 0)
        #expect(offset("[1") == 2)
        #expect(offset(" ") == 1)
        let error = JSONError(offset: 7, message: "expected a value")
        #expect(error.description == "invalid JSON at byte 7: expected a value")
    }
}
