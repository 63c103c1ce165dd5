// DotEnvFileTests: .env syntax (quotes, escapes, comments, export) and errors that name the line.

import Testing
@testable import LoomServer

@Suite("DotEnvFile")
struct DotEnvFileTests {
    private func parse(_ text: String) throws -> [String: String] {
        try DotEnvFile(parsing: text).values
    }

    @Test func plainAssignmentsCommentsAndBlankLines() throws {
        let values = try parse("""
            # Loom settings

            PORT=9000
              HOST = 127.0.0.1
            export LOG_LEVEL=debug
            export\tLOG_FORMAT=text
            EMPTY=
            """)
        #expect(values == ["PORT": "9000", "HOST": "127.0.0.1", "LOG_LEVEL": "debug", "LOG_FORMAT": "text", "EMPTY": ""])
    }

    @Test func unquotedValuesAreTrimmedAndLoseInlineComments() throws {
        let values = try parse("A=  value with spaces   # a comment\nB=no#comment\nC= # only a comment\nD=x\t#tab comment")
        #expect(values == ["A": "value with spaces", "B": "no#comment", "C": "", "D": "x"])
    }

    @Test func doubleQuotedValuesUnderstandEscapes() throws {
        let values = try parse(#"""
            A="line1\nline2\ttabbed \"quoted\" back\\slash \$HOME"
            B="keeps # hash and unknown \q escape"  # trailing comment
            C=""
            """#)
        #expect(values["A"] == "line1\nline2\ttabbed \"quoted\" back\\slash $HOME")
        #expect(values["B"] == #"keeps # hash and unknown \q escape"#)
        #expect(values["C"] == "")
    }

    @Test func singleQuotedValuesAreLiteral() throws {
        let values = try parse(#"A='no \n escapes, "double" quotes, $VAR, # hash'"#)
        #expect(values["A"] == #"no \n escapes, "double" quotes, $VAR, # hash"#)
    }

    @Test func noVariableExpansion() throws {
        let values = try parse("HOME_DIR=$HOME\nB=${PORT}")
        #expect(values == ["HOME_DIR": "$HOME", "B": "${PORT}"])
    }

    @Test func quotedValuesMaySpanLines() throws {
        let file = try DotEnvFile(parsing: "KEY=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\nNEXT=1\n")
        #expect(file.values["KEY"] == "-----BEGIN KEY-----\nabc\n-----END KEY-----")
        #expect(file.entries.map(\.line) == [1, 4])
    }

    @Test func laterAssignmentsWin() throws {
        #expect(try parse("A=1\nA=2") == ["A": "2"])
    }

    @Test func windowsLineEndingsAndByteOrderMark() throws {
        #expect(try parse("\u{FEFF}A=1\r\nB=\"two\"\r\n") == ["A": "1", "B": "two"])
    }

    @Test func missingEqualsNamesTheLine() {
        let text = "A=1\n\n# comment\nB=2\nC=3\nD=4\nthis is not an assignment\n"
        #expect(throws: DotEnvError(fileName: ".env", line: 7, reason: "expected KEY=value")) { try DotEnvFile(parsing: text) }
        do {
            _ = try DotEnvFile(parsing: text)
        } catch {
            #expect(error.description == ".env line 7: expected KEY=value")
        }
    }

    @Test(arguments: [
        ("A=1\n1BAD=x", 2, #"invalid variable name "1BAD""#),
        ("MY-VAR=x", 1, #"invalid variable name "MY-VAR""#),
        ("=x", 1, "expected KEY=value"),
        ("export", 1, "expected KEY=value"),
        ("A=1\nB=\"open\nstill open", 2, "unterminated double-quoted value"),
        ("A='open", 1, "unterminated single-quoted value"),
        ("A=\"x\" y", 1, "unexpected text after the closing quote"),
    ])
    func errors(text: String, line: Int, reason: String) {
        #expect(throws: DotEnvError(fileName: "x.env", line: line, reason: reason)) {
            try DotEnvFile(parsing: text, fileName: "x.env")
        }
    }

    @Test func errorsNeverQuoteValues() {
        do {
            _ = try DotEnvFile(parsing: "SECRET=\"hunter2")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}
