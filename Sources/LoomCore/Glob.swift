// Glob: path and name patterns with `*`, `**`, `?` and `[…]`, for allowlists and include/exclude paths.

/// A compiled glob pattern.
///
/// - `*` matches any run of characters except `/`;
/// - `**` matches any run including `/` (as a whole segment, `a/**/b` also matches `a/b`);
/// - `?` matches one character except `/`;
/// - `[abc]`, `[a-z]`, `[!a-z]` / `[^a-z]` match one character from (or not from) a set;
/// - `\x` matches `x` literally.
/// Matching is on Unicode scalars and case-sensitive, like git's pathspecs.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    private enum Token: Hashable, Sendable {
        case literal(Unicode.Scalar)
        case anyRun            // *
        case anyPath           // **
        case anyPathSegment    // **/ — zero or more whole directories
        case one               // ?
        case set(ranges: [ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token]

    /// Compiles `pattern`; an unterminated `[` is taken literally.
    public init(_ pattern: String) {
        self.pattern = pattern
        tokens = Glob.compile(Array(pattern.unicodeScalars))
    }

    public var description: String { pattern }

    /// Whether the whole of `text` matches.
    public func matches(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var memo = [Bool?](repeating: nil, count: (tokens.count + 1) * (scalars.count + 1))
        return match(0, 0, scalars, &memo)
    }

    /// Whether any pattern in `globs` matches `text`.
    public static func any(_ globs: [Glob], matches text: String) -> Bool {
        globs.contains { $0.matches(text) }
    }

    private func match(_ tokenIndex: Int, _ textIndex: Int, _ text: [Unicode.Scalar], _ memo: inout [Bool?]) -> Bool {
        let key = tokenIndex * (text.count + 1) + textIndex
        if let known = memo[key] { return known }
        let result: Bool
        if tokenIndex == tokens.count {
            result = textIndex == text.count
        } else {
            switch tokens[tokenIndex] {
            case .literal(let scalar):
                result = textIndex < text.count && text[textIndex] == scalar && match(tokenIndex + 1, textIndex + 1, text, &memo)
            case .one:
                result = textIndex < text.count && text[textIndex] != "/" && match(tokenIndex + 1, textIndex + 1, text, &memo)
            case .set(let ranges, let negated):
                result = textIndex < text.count && text[textIndex] != "/"
                    && ranges.contains { $0.contains(text[textIndex]) } != negated
                    && match(tokenIndex + 1, textIndex + 1, text, &memo)
            case .anyRun:
                var index = textIndex
                var found = match(tokenIndex + 1, index, text, &memo)
                while !found && index < text.count && text[index] != "/" {
                    index += 1
                    found = match(tokenIndex + 1, index, text, &memo)
                }
                result = found
            case .anyPath:
                result = (textIndex...text.count).contains { match(tokenIndex + 1, $0, text, &memo) }
            case .anyPathSegment:
                // Zero directories, or any prefix ending just after a "/".
                result = match(tokenIndex + 1, textIndex, text, &memo)
                    || (textIndex..<text.count).contains { text[$0] == "/" && match(tokenIndex + 1, $0 + 1, text, &memo) }
            }
        }
        memo[key] = result
        return result
    }

    private static func compile(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "*":
                if index + 1 < scalars.count && scalars[index + 1] == "*" {
                    let atSegmentStart = index == 0 || scalars[index - 1] == "/"
                    if atSegmentStart && index + 2 < scalars.count && scalars[index + 2] == "/" {
                        tokens.append(.anyPathSegment)
                        index += 3
                    } else {
                        tokens.append(.anyPath)
                        index += 2
                    }
                } else {
                    tokens.append(.anyRun)
                    index += 1
                }
            case "?":
                tokens.append(.one)
                index += 1
            case "[":
                if let (token, next) = compileSet(scalars, from: index) {
                    tokens.append(token)
                    index = next
                } else {
                    tokens.append(.literal(scalar))
                    index += 1
                }
            case "\\" where index + 1 < scalars.count:
                tokens.append(.literal(scalars[index + 1]))
                index += 2
            default:
                tokens.append(.literal(scalar))
                index += 1
            }
        }
        return tokens
    }

    private static func compileSet(_ scalars: [Unicode.Scalar], from start: Int) -> (Token, Int)? {
        var index = start + 1
        var negated = false
        if index < scalars.count && (scalars[index] == "!" || scalars[index] == "^") {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]" && !first { return (.set(ranges: ranges, negated: negated), index + 1) }
            first = false
            if index + 2 < scalars.count && scalars[index + 1] == "-" && scalars[index + 2] != "]" {
                let upper = scalars[index + 2]
                if scalar <= upper { ranges.append(scalar...upper) }
                index += 3
            } else {
                ranges.append(scalar...scalar)
                index += 1
            }
        }
        return nil
    }
}
