import Synchronization

/// Owns one ICU object for the lifetime of the Swift value that wraps it.
///
/// ICU objects are not safe to use from several threads at once (MessageFormat,
/// for one, fills caches while formatting), so every use goes through a lock.
/// The critical sections are single ICU calls, short enough that sharing one
/// handle between requests costs less than opening one per request.
final class ICUHandle: Sendable {
    private let pointer: Mutex<OpaquePointer>
    private let close: @Sendable (OpaquePointer) -> Void

    private init(_ pointer: sending OpaquePointer, close: @escaping @Sendable (OpaquePointer) -> Void) {
        self.pointer = Mutex(pointer)
        self.close = close
    }

    /// Runs an ICU `open` function and takes ownership of what it returns.
    static func open(
        _ operation: @autoclosure () -> String,
        close: @escaping @Sendable (OpaquePointer) -> Void,
        _ body: (inout Int32) -> OpaquePointer?
    ) throws(ICUError) -> ICUHandle {
        var status: Int32 = 0
        let opened = body(&status)
        if status > 0 {
            if let opened {
                close(opened)
            }
            throw ICUError(code: status, operation: operation())
        }
        guard let opened else {
            throw ICUError(code: ICUError.illegalArgument, operation: operation())
        }
        return ICUHandle(opened, close: close)
    }

    func withLock<Result: ~Copyable, Failure: Error>(
        _ body: (OpaquePointer) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try pointer.withLock { (pointer: inout sending OpaquePointer) throws(Failure) -> sending Result in
            try body(pointer)
        }
    }

    deinit {
        pointer.withLock { close($0) }
    }
}
