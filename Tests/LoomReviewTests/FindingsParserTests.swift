// FindingsParserTests: the reply shapes models produce, and invalid items dropped one by one.

import LoomCore
import LoomReview
import Testing

@Suite struct FindingsParserTests {
    let parser = FindingsParser(pipeline: "security", defaultSeverity: .warning)

    @Test func bareArray() {
        let result = parser.parse("""
            [{"file": "src/a.swift", "line": 12, "severity": "blocker", "message": "SQL injection",
              "category": "security", "suggestion": "Use a bound parameter."},
             {"file": "src/b.swift", "severity": "info", "message": "  Consider a constant. "}]
            """)
        #expect(result.readable && result.dropped.isEmpty && result.defaultedSeverities == 0)
        #expect(result.findings.map { [$0.path, $0.line.map(String.init) ?? "-", $0.severity.rawValue, $0.message] } == [
            ["src/a.swift", "12", "blocker", "SQL injection"], ["src/b.swift", "-", "info", "Consider a constant."],
        ])
        #expect(result.findings[0].category == "security" && result.findings[0].suggestion == "Use a bound parameter.")
        #expect(result.findings[0].pipeline == "security")
        #expect(result.findings[0].fingerprint == FindingFingerprint.compute(
            pipeline: "security", path: "src/a.swift", anchorText: nil, message: "SQL injection"))
    }

    @Test func wrappedShapes() {
        let item = #"{"file": "a.py", "line": "7", "severity": "warning", "message": "m"}"#
        let replies = [
            "```json\n[\(item)]\n```",
            "Here are my findings:\n\n```\n[\(item)]\n```\nLet me know!",
            "{\"findings\": [\(item)]}",
            "```json\n{\"findings\": [\(item)]}\n```",
            "I found one issue. [\(item)] That is all.",
            "Sure! See [the docs](https://x.dev) first.\n{\"summary\": \"ok\", \"findings\": [\(item)]}",
            item,
            "[\(item),]",
            "```json\n[\(item)]",
        ]
        for reply in replies {
            let result = parser.parse(reply)
            #expect(result.readable, "\(reply)")
            #expect(result.findings.map(\.path) == ["a.py"], "\(reply)")
            #expect(result.findings.first?.line == 7, "\(reply)")
        }
    }

    @Test func emptyAndUnreadableReplies() {
        #expect(parser.parse("[]").readable && parser.parse("[]").findings.isEmpty)
        #expect(parser.parse("```json\n{\"findings\": []}\n```").readable)
        let prose = parser.parse("The code looks good to me, no issues found.")
        #expect(!prose.readable && prose.findings.isEmpty && prose.dropped.isEmpty)
        #expect(!parser.parse("").readable)
        #expect(!parser.parse("{\"verdict\": \"fine\"}").readable)
    }

    @Test func invalidItemsAreDroppedOneByOne() {
        let result = parser.parse("""
            [
              {"file": "ok.c", "line": 3, "severity": "warning", "message": "kept"},
              "just a string",
              {"line": 4, "message": "no file"},
              {"file": "x.c", "message": ""},
              {"file": 42, "message": "file is a number"},
              {"file": "x.c", "line": "twelve", "message": "bad line"},
              {"file": "x.c", "line": 0, "message": "zero line"},
              {"file": "x.c", "line": 2.5, "message": "fractional line"},
              {"file": "x.c", "line": true, "message": "boolean line"},
              {"file": "x.c", "message": "bad category", "category": ["a"]},
              {"file": "x.c", "message": "bad suggestion", "suggestion": 5},
              {"path": "alias.c", "line": "8-10", "message": "path alias and a range", "severity": "CRITICAL"},
              {"file": "x.c", "line": null, "message": "null line", "severity": "catastrophic"},
              {"file": "x.c", "message": "no severity", "category": null, "suggestion": "  "}
            ]
            """)
        #expect(result.readable)
        #expect(result.findings.map(\.message) == ["kept", "path alias and a range", "null line", "no severity"])
        #expect(result.findings.map(\.severity) == [.warning, .blocker, .warning, .warning])
        #expect(result.findings.map(\.line) == [3, 8, nil, nil])
        #expect(result.findings[3].category == nil && result.findings[3].suggestion == nil)
        #expect(result.defaultedSeverities == 2)
        let expectedDropped: [String] = [
            "1: not an object",
            "2: missing or invalid `file`",
            "3: missing or invalid `message`",
            "4: missing or invalid `file`",
            "5: invalid `line`",
            "6: invalid `line`",
            "7: invalid `line`",
            "8: invalid `line`",
            "9: invalid `category`",
            "10: invalid `suggestion`",
        ]
        #expect(result.dropped.map { "\($0.index): \($0.reason)" } == expectedDropped)
    }

    @Test func severityNames() {
        #expect(FindingsParser.severity(named: " Blocker ") == .blocker)
        #expect(FindingsParser.severity(named: "error") == .blocker)
        #expect(FindingsParser.severity(named: "WARN") == .warning)
        #expect(FindingsParser.severity(named: "nit") == .info)
        #expect(FindingsParser.severity(named: "whatever") == nil)
        let info = FindingsParser(pipeline: "p", defaultSeverity: .info).parse(#"[{"file":"a","message":"b"}]"#)
        #expect(info.findings[0].severity == .info)
    }

    @Test func bracketsInsideStringsDoNotConfuseTheScan() {
        let reply = #"Note: arrays like [1, 2] appear. [{"file": "a.js", "message": "use ] and } carefully \" here"}]"#
        let result = parser.parse(reply)
        #expect(result.findings.map(\.message) == [#"use ] and } carefully " here"#])
    }
}
