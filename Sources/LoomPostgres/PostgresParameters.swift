// PostgresParameters: a statement's values laid out as the C arrays PQsendQueryParams wants, in one buffer.

internal import CPostgres

/// The binary parameter arrays of one statement. Built and used on the connection's loop
/// within one `withArrays` call, so the pointers never outlive their buffer.
struct PostgresParameters {
    private var buffer: [UInt8] = []
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private(set) var types: [Oid] = []

    init(_ values: [PostgresValue]) {
        offsets.reserveCapacity(values.count)
        lengths.reserveCapacity(values.count)
        types.reserveCapacity(values.count)
        for value in values {
            let start = buffer.count
            if value.appendBinary(to: &buffer) {
                offsets.append(start)
                lengths.append(Int32(buffer.count - start))
            } else {
                offsets.append(-1)
                lengths.append(0)
            }
            types.append(Oid(value.typeOID))
        }
        // A trailing byte keeps the buffer's address non-nil, so an empty string is not NULL.
        buffer.append(0)
    }

    var count: Int32 { Int32(types.count) }

    /// The cache key part that says which types were sent: a statement prepared for one
    /// combination must not receive another's binary values.
    var typeSignature: String { types.map(String.init).joined(separator: ",") }

    /// Calls `body` with (types, values, lengths, formats) pointers valid for the call only.
    func withArrays<Result>(
        _ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> Result
    ) -> Result {
        let formats = [Int32](repeating: 1, count: types.count)
        return buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return types.withUnsafeBufferPointer { types in
                values.withUnsafeBufferPointer { values in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
