// FakeResponse: JSON, text and byte responses with the content types the real platforms send.

import LoomHTTP

/// Response helpers for the fakes.
enum FakeResponse {
    static func json(_ status: Int, _ body: FakeJSON, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(code: status), headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                     body: body.bytes)
    }

    static func bytes(_ status: Int, _ body: [UInt8], contentType: String = "text/plain; charset=utf-8",
                      headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: HTTPStatus(code: status), headers: [("Content-Type", contentType)] + headers, body: body)
    }

    static func text(_ status: Int, _ body: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        bytes(status, Array(body.utf8), contentType: contentType)
    }
}
