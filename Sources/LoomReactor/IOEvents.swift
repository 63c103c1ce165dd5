// IOEvents: readiness interest and readiness events, and the handler protocol a loop calls with them.

internal import CLoomSys

/// What a registration wants to hear about.
public struct IOInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Readable, including a peer's orderly shutdown (EPOLLRDHUP).
    public static let read = IOInterest(rawValue: EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
    /// Writable.
    public static let write = IOInterest(rawValue: EPOLLOUT.rawValue)
    /// Neither: the registration stays but reports only errors and hang-ups.
    public static let none: IOInterest = []
}

/// What epoll reported for one registration.
public struct IOEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer shut down its writing side.
    public static let readHangUp = IOEvents(rawValue: EPOLLRDHUP.rawValue)
    /// Both directions are closed.
    public static let hangUp = IOEvents(rawValue: EPOLLHUP.rawValue)
    public static let error = IOEvents(rawValue: EPOLLERR.rawValue)
}

/// Something registered with an `EventLoop`. Called only on that loop's thread.
public protocol EventHandler: AnyObject {
    /// Readiness for the registered descriptor.
    func handle(events: IOEvents)
}
