// FormPayload: the JSON inside an `application/x-www-form-urlencoded` webhook body (`payload=…`).

import LoomCore

/// GitHub (and Gitea) can deliver `payload=<url-encoded JSON>` instead of a JSON body. The
/// signature covers the form bytes as sent, so this runs after verification.
enum FormPayload {
    /// True when `contentType` names a form body (parameters such as `; charset=` are ignored).
    static func isForm(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = Substring(contentType).prefix { $0 != ";" }.trimmingASCIISpaces()
        return mediaType.lowercased() == "application/x-www-form-urlencoded"
    }

    /// The decoded value of the `payload` field of a form body.
    static func payload(of body: [UInt8]) throws(WebhookPayloadError) -> [UInt8] {
        let key = Array("payload".utf8)
        var start = 0
        while start <= body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            let field = body[start..<end]
            if field.count > key.count, field.starts(with: key), field[start + key.count] == UInt8(ascii: "=") {
                return try percentDecoded(field[(start + key.count + 1)...])
            }
            start = end + 1
        }
        throw WebhookPayloadError("form-encoded body without a payload field")
    }

    /// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XY` a byte.
    static func percentDecoded(_ text: ArraySlice<UInt8>) throws(WebhookPayloadError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 3 <= text.endIndex,
                      let high = Hex.digitValue(text[index + 1]), let low = Hex.digitValue(text[index + 2])
                else { throw WebhookPayloadError("malformed percent-encoding in the form payload") }
                output.append(high << 4 | low)
                index += 3
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

}
