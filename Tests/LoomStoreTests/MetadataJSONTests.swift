// MetadataJSONTests: the job metadata column's JSON, both ways, including escapes.

import LoomStore
import Testing

@Suite("MetadataJSON")
struct MetadataJSONTests {
    @Test("round trip keeps every string exactly")
    func roundTrip() {
        let maps: [[String: String]] = [
            [:],
            ["a": "b"],
            ["quote\"": "back\\slash", "ctl": "\u{01}\t\n\r", "uni": "zoë 🚀 中文", "": ""],
        ]
        for map in maps { #expect(MetadataJSON.decode(MetadataJSON.encode(map)) == map) }
        #expect(MetadataJSON.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }

    @Test("other writers' JSON is read: whitespace, escapes, surrogate pairs")
    func foreignJSON() {
        #expect(MetadataJSON.decode(#" { "k" : "v\/\u00e9\ud83d\ude80" , "x":"" } "#) == ["k": "v/é🚀", "x": ""])
    }

    @Test("anything but a flat object of strings is refused")
    func refused() {
        for text in ["", "[]", #"{"a":1}"#, #"{"a":"b""#, #"{"a":"b"} x"#, #"{"a":{"b":"c"}}"#, #"{"a":"\q"}"#, "{\"a\":\"\u{01}\"}"] {
            #expect(MetadataJSON.decode(text) == nil, "\(text)")
        }
    }
}
