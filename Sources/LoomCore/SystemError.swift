// SystemError: a failed system call, with its errno and the call's name.

#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed: which call and the `errno` it left.
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The `errno` value.
    public let code: Int32
    /// The call that failed, e.g. `"bind"`.
    public let call: String

    public init(code: Int32, call: String) {
        self.code = code
        self.call = call
    }

    /// Captures the current `errno` for `call`.
    public static func last(_ call: String) -> SystemError { SystemError(code: errno, call: call) }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
