import CICU

/// ICU's "preflighting": a function fills a caller's buffer and returns the
/// length it needed, failing with `U_BUFFER_OVERFLOW_ERROR` when that was more.
/// A first guess that fits the usual case, then a retry at the size ICU asked for.
func preflighted<Unit: FixedWidthInteger>(
    _ unit: Unit.Type,
    capacity initialCapacity: Int,
    _ operation: @autoclosure () -> String,
    _ fill: (UnsafeMutablePointer<Unit>, Int32, inout Int32) -> Int32
) throws(ICUError) -> [Unit] {
    var capacity = max(initialCapacity, 1)
    for _ in 0..<3 {
        var status: Int32 = 0
        var needed: Int32 = 0
        let units = [Unit](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            base.initialize(repeating: 0, count: buffer.count)
            needed = fill(base, Int32(clamping: buffer.count), &status)
            if status <= 0 {
                count = min(max(Int(needed), 0), buffer.count)
            }
        }
        if status == ICUError.bufferOverflow, needed > 0 {
            capacity = Int(needed) + 1
            continue
        }
        try ICUError.check(status, operation())
        return units
    }
    throw ICUError(code: ICUError.bufferOverflow, operation: operation())
}

/// A string an ICU function writes as UTF-16.
func preflightedString(
    capacity: Int = 128,
    _ operation: @autoclosure () -> String,
    _ fill: (UnsafeMutablePointer<UInt16>, Int32, inout Int32) -> Int32
) throws(ICUError) -> String {
    let units = try preflighted(UInt16.self, capacity: capacity, operation(), fill)
    return String(decoding: units, as: UTF16.self)
}

/// ICU's C API counts in UTF-16 code units and 32-bit lengths.
extension String {
    var icuUTF16: [UInt16] {
        Array(utf16)
    }
}

extension Array where Element == UInt16 {
    var icuLength: Int32 {
        Int32(clamping: count)
    }
}
