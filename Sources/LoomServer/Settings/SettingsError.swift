// SettingsError: every invalid setting found at start-up, reported together so one restart fixes them all.

/// The settings could not be loaded; `description` lists every problem, one per line.
///
/// Messages name the variable and show the offending value, except for secrets, whose values
/// are never included (`(value hidden)`), since this text ends up in logs and terminals.
public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One invalid or conflicting variable.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// The variable (or file, for `.env` syntax errors) at fault, e.g. `"PORT"`.
        public let variable: String
        /// What is wrong, including `(got "…")` or `(value hidden)` where a value was given.
        public let message: String

        public init(variable: String, message: String) {
            self.variable = variable
            self.message = message
        }

        /// `PORT: must be an integer from 0 to 65535 (got "http")`.
        public var description: String { "\(variable): \(message)" }
    }

    /// The problems in the order the variables were checked.
    public let problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// The names of the variables at fault, for tests and summaries.
    public var variables: [String] { problems.map(\.variable) }

    public var description: String {
        let noun = problems.count == 1 ? "setting" : "settings"
        return "invalid \(noun):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
