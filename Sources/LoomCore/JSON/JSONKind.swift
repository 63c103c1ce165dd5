// JSONKind: the six kinds of JSON value.

/// The kind of a `JSONValue`, as defined by RFC 8259.
public enum JSONKind: Sendable, Equatable {
    /// `{…}`: read with `subscript(key:)`, `members`, `count`.
    case object
    /// `[…]`: read with `subscript(index:)`, `elements`, `count`.
    case array
    /// Read with `string`, `stringEquals(_:)`.
    case string
    /// Read with `int`, `int64`, `double`, `scalarText`.
    case number
    /// `true` or `false`: read with `bool`.
    case bool
    /// `null`: test with `isNull`.
    case null
}
