// HTTPDateTests: the three HTTP-date forms, and garbage rejected.

@testable import LoomHTTPClient
import Testing

@Suite("HTTPDate")
struct HTTPDateTests {
    @Test("All three forms of RFC 9110's example date agree",
          arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func forms(text: String) {
        #expect(HTTPDate.parse(text) == 784_111_777)
    }

    @Test("Leap days and the epoch")
    func calendar() {
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 12:00:00 GMT") == 1_709_208_000)
        #expect(HTTPDate.parse("Thu, 01 Jan 2026 00:00:00 GMT") == 1_767_225_600)
    }

    @Test("Malformed dates are rejected",
          arguments: ["", "120", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
                      "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49 GMT"])
    func malformed(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}
