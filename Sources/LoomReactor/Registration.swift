// Registration: a descriptor's entry on one loop, tagged with a generation so stale events are dropped.

/// A handle to a descriptor registered with an `EventLoop`.
///
/// The generation distinguishes this registration from any later one for the same descriptor
/// number: once a descriptor is closed and the number reused, events still queued for the old
/// registration no longer match and are dropped instead of reaching the new owner.
public struct Registration: Hashable, Sendable, CustomStringConvertible {
    /// The registered descriptor.
    public let fd: Int32
    /// Unique per loop for the lifetime of the loop (wraps after 2³² registrations, skipping 0).
    public let generation: UInt32

    /// The 64-bit tag stored in epoll's user data.
    var tag: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    /// Splits an epoll user-data tag back into descriptor and generation.
    static func decode(_ tag: UInt64) -> (fd: Int32, generation: UInt32) {
        (Int32(bitPattern: UInt32(truncatingIfNeeded: tag)), UInt32(truncatingIfNeeded: tag >> 32))
    }

    public var description: String { "fd \(fd) gen \(generation)" }
}

/// The loop's table from descriptor number to its current registration (loop thread only).
struct RegistrationTable {
    private struct Slot {
        var generation: UInt32 = 0
        var handler: (any EventHandler)?
    }

    private var slots: ContiguousArray<Slot> = []
    private var nextGeneration: UInt32 = 1
    private(set) var count = 0

    /// Records `handler` for `fd` under a fresh generation.
    mutating func insert(fd: Int32, handler: any EventHandler) -> Registration {
        let index = Int(fd)
        if index >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: max(index + 1 - slots.count, slots.count)))
        }
        let generation = nextGeneration
        nextGeneration = nextGeneration == .max ? 1 : nextGeneration + 1
        if slots[index].handler == nil { count += 1 }
        slots[index] = Slot(generation: generation, handler: handler)
        return Registration(fd: fd, generation: generation)
    }

    /// The handler for an event tag, or nil when the tag belongs to a registration that is gone.
    func handler(forTag tag: UInt64) -> (any EventHandler)? {
        let (fd, generation) = Registration.decode(tag)
        let index = Int(fd)
        guard index >= 0, index < slots.count, slots[index].generation == generation else { return nil }
        return slots[index].handler
    }

    /// True when `registration` is still the current one for its descriptor.
    func isCurrent(_ registration: Registration) -> Bool {
        let index = Int(registration.fd)
        return index >= 0 && index < slots.count && slots[index].generation == registration.generation
            && slots[index].handler != nil
    }

    /// Forgets `registration`; a later one for the same number gets a new generation.
    mutating func remove(_ registration: Registration) -> Bool {
        guard isCurrent(registration) else { return false }
        slots[Int(registration.fd)] = Slot()
        count -= 1
        return true
    }

    /// Every live handler, for shutdown.
    var handlers: [(Registration, any EventHandler)] {
        slots.indices.compactMap { index in
            slots[index].handler.map { (Registration(fd: Int32(index), generation: slots[index].generation), $0) }
        }
    }
}
