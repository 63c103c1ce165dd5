// FoundationJSON: parses with JSONSerialization and compares its tree with a JSONValue tree.

import Foundation
import LoomCore

/// The reference reader for the comparison tests.
enum FoundationJSON {
    /// The parsed tree, or nil when `JSONSerialization` rejects the bytes.
    static func parse(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// The first difference between the two trees as a path, or nil when they are equal.
    ///
    /// Objects compare by unique key with the *last* duplicate, which is what `JSONSerialization`
    /// keeps (our reader's lookups keep the first, tested separately).
    static func difference(_ value: JSONValue, _ object: Any, path: String = "$") -> String? {
        switch value.kind {
        case .object:
            guard let dictionary = object as? [String: Any] else { return "\(path): not an object" }
            var last: [String: JSONValue] = [:]
            for (key, member) in value.members { last[key] = member }
            guard last.count == dictionary.count else { return "\(path): \(last.count) vs \(dictionary.count) keys" }
            for (key, member) in last {
                guard let other = dictionary[key] else { return "\(path).\(key): missing" }
                if let difference = difference(member, other, path: "\(path).\(key)") { return difference }
            }
            return nil
        case .array:
            guard let array = object as? [Any] else { return "\(path): not an array" }
            let elements = value.elements
            guard elements.count == array.count else { return "\(path): \(elements.count) vs \(array.count) elements" }
            for (index, element) in elements.enumerated() {
                if let difference = difference(element, array[index], path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case .string:
            // Compare scalars: `String ==` would treat canonically equivalent forms as equal.
            guard let string = object as? String,
                  Array(string.unicodeScalars) == Array(value.string!.unicodeScalars)
            else { return "\(path): string \(value.string!.debugDescription) vs \(object)" }
            return nil
        case .number:
            guard let number = object as? NSNumber, !isBoolean(number) else { return "\(path): not a number" }
            return numbersEqual(value, number) ? nil : "\(path): \(value.scalarText!) vs \(number)"
        case .bool:
            guard let number = object as? NSNumber, isBoolean(number), number.boolValue == value.bool
            else { return "\(path): \(value.bool!) vs \(object)" }
            return nil
        case .null:
            return object is NSNull ? nil : "\(path): null vs \(object)"
        }
    }

    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    static func numbersEqual(_ value: JSONValue, _ number: NSNumber) -> Bool {
        if number is NSDecimalNumber {
            // Beyond 64 bits Foundation keeps a decimal; agree to Double precision.
            guard let double = value.double else { return false }
            return abs(double - number.doubleValue) <= abs(double) * 1e-15
        }
        switch String(cString: number.objCType) {
        case "q", "i", "l", "s":
            return value.int64 == number.int64Value
        case "Q":
            return value.scalarText.flatMap { UInt64($0) } == number.uint64Value
        default:
            return value.double == number.doubleValue
        }
    }
}
