// PostgresLibrary: facts about the linked libpq (the client arrives with the scale-out issue).

internal import CPostgres

/// The linked libpq.
public enum PostgresLibrary {
    /// libpq's version as an integer, e.g. 150018 for 15.18.
    public static var version: Int { Int(PQlibVersion()) }

    /// Whether libpq was built thread-safe (required: connections live on several loop threads).
    public static var isThreadSafe: Bool { PQisthreadsafe() == 1 }

    /// Checks a connection string with libpq's own parser; returns its error message, or nil when valid.
    public static func validateConnectionString(_ connectionString: String) -> String? {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &errorMessage) else {
            defer { PQfreemem(errorMessage) }
            return errorMessage.map { String(cString: $0).trimmingTrailingNewlines() } ?? "invalid connection string"
        }
        PQconninfoFree(options)
        return nil
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
