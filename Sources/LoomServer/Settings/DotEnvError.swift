// DotEnvError: a malformed line in a .env file, reported with the file name and line number.

/// A `.env` file that could not be parsed. Never includes the offending value, which may be a secret.
public struct DotEnvError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the user knows it, e.g. `".env"`.
    public let fileName: String
    /// The 1-based line where the problem starts.
    public let line: Int
    /// What is wrong, e.g. `"expected KEY=value"`.
    public let reason: String

    public init(fileName: String, line: Int, reason: String) {
        self.fileName = fileName
        self.line = line
        self.reason = reason
    }

    /// `".env line 7: expected KEY=value"`.
    public var description: String { "\(fileName) line \(line): \(reason)" }
}
