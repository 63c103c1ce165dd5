// GlobTests: `*`, `**`, `?` and sets, as allowlists and include/exclude paths use them.

import LoomCore
import Testing

@Suite("Glob")
struct GlobTests {
    @Test("`*` stays within one path segment", arguments: [
        ("acme/*", "acme/api", true), ("acme/*", "acme/api/v2", false), ("acme/*", "other/api", false),
        ("*.swift", "main.swift", true), ("*.swift", "src/main.swift", false), ("*", "", true),
    ])
    func star(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("`**` crosses segments; `**/` also matches zero directories", arguments: [
        ("**/*.swift", "main.swift", true), ("**/*.swift", "a/b/c/main.swift", true), ("src/**", "src/a/b", true),
        ("src/**/test.py", "src/test.py", true), ("src/**/test.py", "src/x/y/test.py", true),
        ("src/**/test.py", "srcx/test.py", false), ("docs/**", "doc/x", false), ("**", "anything/at/all", true),
        ("a**b", "a/x/b", true),
    ])
    func doubleStar(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("`?`, sets, negated sets, ranges and escapes", arguments: [
        ("file?.txt", "file1.txt", true), ("file?.txt", "file/.txt", false), ("[abc].md", "b.md", true),
        ("[abc].md", "d.md", false), ("[!abc].md", "d.md", true), ("[^a-c].md", "b.md", false),
        ("v[0-9].[0-9]", "v1.2", true), ("\\*.md", "*.md", true), ("\\*.md", "x.md", false),
        ("[].md", "[].md", true), ("[]].md", "].md", true),
    ])
    func classes(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("pathological patterns stay fast (memoized)")
    func noBacktrackingBlowUp() {
        let text = String(repeating: "a", count: 200)
        #expect(!Glob(String(repeating: "*a", count: 30) + "b").matches(text))
        #expect(Glob(String(repeating: "**", count: 20)).matches(text))
    }
}
