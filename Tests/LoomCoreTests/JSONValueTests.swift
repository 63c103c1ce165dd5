// JSONValueTests: lookups, paths, lazy decoding of strings and numbers, and raw source text.

import LoomCore
import Testing

@Suite("JSON reader: values")
struct JSONValueTests {
    static let sample = #"""
    {"name": "loom", "id": 12345678901234567890, "count": 3, "ratio": 0.25, "ok": true,
     "off": false, "none": null, "tags": ["a", "b", {"deep": [1, [2, 3]]}], "nested": {"x": {"y": "z"}},
     "dup": 1, "dup": 2, "esc\u0061ped": "yes", "": "empty", "café": "ü"}
    """#

    @Test("kinds, members and lookups")
    func lookups() throws {
        let root = try JSONDocument(Self.sample).root
        #expect(root.kind == .object)
        #expect(root["name"]?.string == "loom")
        #expect(root["name"]?.kind == .string)
        #expect(root["count"]?.int == 3)
        #expect(root["ratio"]?.double == 0.25)
        #expect(root["ok"]?.bool == true)
        #expect(root["off"]?.bool == false)
        #expect(root["none"]?.isNull == true)
        #expect(root["none"]?.kind == .null)
        #expect(root["ok"]?.isNull == false)
        #expect(root["missing"] == nil)
        #expect(root["tags"]?.kind == .array)
        #expect(root["tags"]?.count == 3)
        #expect(root["tags"]?[1]?.string == "b")
        #expect(root["tags"]?[2]?["deep"]?[1]?[0]?.int == 2)
        #expect(root["tags"]?[3] == nil)
        #expect(root["tags"]?[-1] == nil)
        #expect(root["nested", "x", "y"]?.string == "z")
        #expect(root["nested", "x", "nope"] == nil)
        #expect(root["nested", "x", "y", "z"] == nil)
        #expect(root["escaped"]?.string == "yes")
        #expect(root[""]?.string == "empty")
        #expect(root["café"]?.string == "ü")
        #expect(root.count == 14)
    }

    @Test("duplicate keys: the first wins, members keep all")
    func duplicates() throws {
        let root = try JSONDocument(Self.sample).root
        #expect(root["dup"]?.int == 1)
        #expect(root.members.filter { $0.key == "dup" }.map { $0.value.int } == [1, 2])
        #expect(root.members.map(\.key).first == "name")
        #expect(root.members.count == root.count)
    }

    @Test("lookups on the wrong kind return nil or empty")
    func wrongKinds() throws {
        let root = try JSONDocument(#"[1, "s", {"a": 1}]"#).root
        #expect(root["a"] == nil)
        #expect(root[0]?["a"] == nil)
        #expect(root[1]?[0] == nil)
        #expect(root[2]?[0] == nil)
        #expect(root[0]?.string == nil)
        #expect(root[1]?.int == nil)
        #expect(root[1]?.double == nil)
        #expect(root[1]?.bool == nil)
        #expect(root[0]?.count == 0)
        #expect(root[0]?.elements.isEmpty == true)
        #expect(root[0]?.members.isEmpty == true)
        #expect(root.members.isEmpty)
        #expect(root[2]?.elements.isEmpty == true)
        #expect(root.elements.map(\.kind) == [.number, .string, .object])
        #expect(root.scalarText == nil)
        #expect(try JSONDocument("true").root.scalarText == nil)
    }

    @Test("strings: escapes, surrogate pairs, lone surrogates, NUL")
    func strings() throws {
        func decode(_ literal: String) throws -> String? { try JSONDocument(literal).root.string }
        #expect(try decode(#""\uD83D\uDE00""#) == "😀")
        #expect(try decode(#""\ud83d\ude00x""#) == "😀x")
        #expect(try decode(#""\uD83D""#) == "\u{FFFD}")
        #expect(try decode(#""\uDE00""#) == "\u{FFFD}")
        #expect(try decode(#""a\uD83Db""#) == "a\u{FFFD}b")
        #expect(try decode(#""\uD83D\u0041""#) == "\u{FFFD}A")
        #expect(try decode(#""\uD83D\uD83D\uDE00""#) == "\u{FFFD}😀")
        #expect(try decode(#""\u0000""#) == "\u{0}")
        #expect(try decode(#""\u007f\u0080\u07FF\u0800\uFFFF""#) == "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}")
        #expect(try decode(#""""#) == "")
        let long = String(repeating: "abcdefgh", count: 40)
        #expect(try decode("\"\(long)\\n\(long)\"") == long + "\n" + long)
    }

    @Test("stringEquals compares decoded text without allocating for plain strings")
    func stringEquals() throws {
        let root = try JSONDocument(#"["plain", "tab\there", "\u00e9", "", 1]"#).root
        #expect(root[0]?.stringEquals("plain") == true)
        #expect(root[0]?.stringEquals("plai") == false)
        #expect(root[0]?.stringEquals("plainer") == false)
        #expect(root[1]?.stringEquals("tab\there") == true)
        #expect(root[1]?.stringEquals("tab\\there") == false)
        #expect(root[2]?.stringEquals("é") == true)
        #expect(root[3]?.stringEquals("") == true)
        #expect(root[4]?.stringEquals("1") == false)
    }

    @Test("integers: exact, integral-valued, in range")
    func integers() throws {
        func int64(_ text: String) throws -> Int64? { try JSONDocument(text).root.int64 }
        #expect(try int64("0") == 0)
        #expect(try int64("-0") == 0)
        #expect(try int64("9223372036854775807") == .max)
        #expect(try int64("-9223372036854775808") == .min)
        #expect(try int64("9223372036854775808") == nil)
        #expect(try int64("-9223372036854775809") == nil)
        #expect(try int64("123456789012345678") == 123_456_789_012_345_678)
        #expect(try int64("1.5") == nil)
        #expect(try int64("1.0") == 1)
        #expect(try int64("1.500e1") == 15)
        #expect(try int64("1e2") == 100)
        #expect(try int64("1E+2") == 100)
        #expect(try int64("100e-2") == 1)
        #expect(try int64("150e-2") == nil)
        #expect(try int64("0.000") == 0)
        #expect(try int64("0e999999999999999999999") == 0)
        #expect(try int64("1e19") == nil)
        #expect(try int64("9.223372036854775807e18") == .max)
        #expect(try int64("-12e-1") == nil)
        #expect(try JSONDocument("-42").root.int == -42)
        #expect(try JSONDocument("12345678901234567890").root.int == nil)
    }

    @Test("doubles are correctly rounded")
    func doubles() throws {
        func double(_ text: String) throws -> Double? { try JSONDocument(text).root.double }
        #expect(try double("0.1") == 0.1)
        #expect(try double("-0")?.sign == .minus)
        #expect(try double("1e5") == 100_000)
        #expect(try double("1E+2") == 100)
        #expect(try double("2.5e-3") == 0.0025)
        #expect(try double("123456789012345678901234567890") == 123456789012345678901234567890.0)
        #expect(try double("9007199254740993") == 9007199254740992)
        #expect(try double("0.30000000000000004") == 0.30000000000000004)
        #expect(try double("2.2250738585072014e-308") == 2.2250738585072014e-308)
        #expect(try double("4.9e-324") == .leastNonzeroMagnitude)
        #expect(try double("1e-400") == 0)
        #expect(try double("1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try double("1e400") == nil)
        #expect(try double("-1e400") == nil)
        #expect(try double("17") == 17)
    }

    @Test("big integers survive through scalarText")
    func bigIntegers() throws {
        let root = try JSONDocument(Self.sample).root
        #expect(root["id"]?.scalarText == "12345678901234567890")
        #expect(root["id"]?.int == nil)
        #expect(root["name"]?.scalarText == "loom")
        #expect(try JSONDocument(#"{"k": "a\nb"}"#).root["k"]?.scalarText == "a\nb")
    }

    @Test("rawBytes is the exact source text of each value")
    func rawBytes() throws {
        let text = #" {"a" : [1, {"b":"c\"d"} ,true,false,null,-1.5e3 ] , "e":{}} "#
        let root = try JSONDocument(text).root
        func raw(_ value: JSONValue?) -> String { String(decoding: value!.rawBytes, as: UTF8.self) }
        #expect(raw(root) == #"{"a" : [1, {"b":"c\"d"} ,true,false,null,-1.5e3 ] , "e":{}}"#)
        #expect(raw(root["a"]) == #"[1, {"b":"c\"d"} ,true,false,null,-1.5e3 ]"#)
        #expect(raw(root["a"]?[1]) == #"{"b":"c\"d"}"#)
        #expect(raw(root["a"]?[1]?["b"]) == #""c\"d""#)
        #expect(raw(root["a"]?[2]) == "true")
        #expect(raw(root["a"]?[3]) == "false")
        #expect(raw(root["a"]?[4]) == "null")
        #expect(raw(root["a"]?[5]) == "-1.5e3")
        #expect(raw(root["e"]) == "{}")
        let bom = try JSONDocument(bytes: [0xEF, 0xBB, 0xBF] + Array("7".utf8)).root
        #expect(bom.rawBytes.startIndex == 3)
        #expect(bom.rawBytes.elementsEqual("7".utf8))
    }

    @Test("large and dense documents grow the index correctly")
    func denseDocuments() throws {
        let count = 100_000
        let text = "[" + (0..<count).map(String.init).joined(separator: ",") + "]"
        let root = try JSONDocument(text).root
        #expect(root.count == count)
        #expect(root[count - 1]?.int == count - 1)
        let elements = root.elements
        #expect(elements.count == count)
        #expect(elements[54_321].int == 54_321)
        let objects = "[" + Array(repeating: #"{"a":[],"b":{}}"#, count: 20_000).joined(separator: ",") + "]"
        let many = try JSONDocument(objects).root
        #expect(many.count == 20_000)
        #expect(many[19_999]?["b"]?.kind == .object)
        #expect(many[19_999]?["b"]?.count == 0)
    }

    @Test("values stay valid after the document goes out of scope")
    func outlivesDocument() throws {
        func make() throws -> JSONValue { try JSONDocument(#"{"a": {"b": "kept"}}"#).root["a"]! }
        let value = try make()
        #expect(value["b"]?.string == "kept")
    }
}
