// ResponseHeaderLineTests: classification of the raw lines curl's header callback delivers.

@testable import LoomHTTPClient
import Testing

@Suite("ResponseHeaderLine")
struct ResponseHeaderLineTests {
    private func parse(_ text: String) -> ResponseHeaderLine {
        Array(text.utf8).withUnsafeBytes { ResponseHeaderLine.parse($0) }
    }

    @Test("Status lines, fields, folds and the end")
    func kinds() {
        #expect(parse("HTTP/1.1 200 OK\r\n") == .status)
        #expect(parse("HTTP/2 302\r\n") == .status)
        #expect(parse("Content-Type:  text/plain \r\n") == .field(name: "Content-Type", value: "text/plain"))
        #expect(parse("X-Empty:\r\n") == .field(name: "X-Empty", value: ""))
        #expect(parse("Link: <a:b>; rel=next\r\n") == .field(name: "Link", value: "<a:b>; rel=next"))
        #expect(parse("\t more\r\n") == .continuation("more"))
        #expect(parse("\r\n") == .end)
        #expect(parse("garbage\r\n") == .ignored)
        #expect(parse(": no name\r\n") == .ignored)
    }
}
