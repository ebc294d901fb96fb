import Liandong

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Signals

/// The first of SIGTERM, SIGINT or SIGHUP received (0: none). Written only by the handler, read
/// by the main loop between requests.
nonisolated(unsafe) private var caughtSignal: sig_atomic_t = 0
/// The write end of a self-pipe: the handler writes a byte so that a `poll` waiting for input
/// wakes up, whichever thread the signal was delivered to.
nonisolated(unsafe) private var wakeWriteFD: Int32 = -1
nonisolated(unsafe) private var wakeReadFD: Int32 = -1

public enum BatchSignals {
    static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Installs the handlers (they only record the signal and wake the loop) and ignores SIGPIPE,
    /// so that a closed stdout is an EPIPE from `write` rather than death mid-line.
    public static func install() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        // Touch the globals before any handler can run, so that the handler never initializes them.
        caughtSignal = 0
        wakeReadFD = fds[0]
        wakeWriteFD = fds[1]
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these signals blocked (the mask is inherited):
        // unblock them, or they would stay pending and batch would never stop.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in handled { sigaddset(&set, sig) }
        _ = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in handled {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = batchSignalHandler
            #else
            action.__sigaction_u.__sa_handler = batchSignalHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a blocked call returns EINTR and the loop looks
            _ = sigaction(sig, &action, nil)
        }
    }

    /// The signal received so far, or 0.
    static var received: Int32 { Int32(caughtSignal) }

    static func name(_ sig: Int32) -> String {
        switch sig {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGPIPE: "SIGPIPE"
        default: "signal \(sig)"
        }
    }
}

/// Async-signal-safe: one store and one `write` to a non-blocking pipe; `errno` is preserved.
private func batchSignalHandler(_ sig: Int32) {
    let saved = errno
    if caughtSignal == 0 { caughtSignal = sig_atomic_t(sig) }
    var byte: UInt8 = 1
    _ = write(wakeWriteFD, &byte, 1)
    errno = saved
}

// MARK: - The stream

/// `liandong batch`: reads stdin and writes stdout with the system calls themselves (no buffering layer that could
/// split a response or crash on EPIPE): each response line goes out in one complete write loop.
public struct BatchServer {
    /// Bytes read and not yet answered.
    /// The store named with --store (nil: batch keeps nothing).
    let keeper: (any RoundKeeper)?
    public init(keeper: (any RoundKeeper)?) { self.keeper = keeper }
    private var pending: [UInt8] = []
    /// Where the search for the next newline resumes (everything before it has none).
    private var scanned = 0
    /// Bytes of an over-long line being skipped (nil: not skipping).
    private var skipping: Int?
    private var answered = 0
    private var endOfInput = false

    enum Stop: Error {
        case signal(Int32)
        case closedOutput
        case readFailed(Int32)
        case writeFailed(Int32)
    }

    /// `--lines`: one response line per non-blank request line, in order.
    public mutating func answerLines() throws {
        do {
            while true {
                try answerCompleteLines()
                if endOfInput { break }
                try readChunk()
            }
            // The last line may lack its newline.
            if let skipped = skipping {
                try checkSignal()
                try emit(Batch.tooLarge(bytes: skipped + pending.count))
            } else if !pending.isEmpty {
                try answer(pending[...])
            }
            pending = []
        } catch let stop as Stop {
            throw exitCode(for: stop)
        }
    }

    /// Without `--lines`: the whole of stdin is one request.
    public mutating func answerWhole() throws {
        do {
            var skipped = 0
            while !endOfInput {
                try readChunk()
                if pending.count > InputDecoder.maxBytes {  // too large: count the rest, keep none of it
                    skipped += pending.count
                    pending = []
                }
            }
            let response = skipped > 0 ? Batch.tooLarge(bytes: skipped + pending.count) : Batch.respond(to: pending, keeper: keeper)
            pending = []
            try write(Array(JSONWriter.write(response).utf8))
            answered += 1
            if BatchSignals.received != 0 { throw Stop.signal(BatchSignals.received) }
        } catch let stop as Stop {
            throw exitCode(for: stop)
        }
    }

    /// Answers every complete line in `pending`, then drops them.
    private mutating func answerCompleteLines() throws {
        var start = 0
        defer {
            if start > 0 {
                pending.removeFirst(start)
                scanned = max(0, scanned - start)
            }
        }
        while let nl = newline(from: max(start, scanned)) {
            if let skipped = skipping {
                skipping = nil
                try checkSignal()
                try emit(Batch.tooLarge(bytes: skipped + nl - start))
            } else {
                try answer(pending[start..<nl])
            }
            start = nl + 1
            scanned = start
        }
        scanned = pending.count
        // A line that is already over the limit: keep counting its bytes, not keeping them.
        let open = pending.count - start
        if open > InputDecoder.maxBytes + 1 || (skipping != nil && open > 0) {
            skipping = (skipping ?? 0) + open
            pending.removeSubrange(start...)
            scanned = pending.count
        }
    }

    private func newline(from index: Int) -> Int? {
        guard index < pending.count else { return nil }
        return pending.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + index, Int32(UInt8(ascii: "\n")), raw.count - index) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// One request line (without its newline): blank lines are not requests.
    private mutating func answer(_ line: ArraySlice<UInt8>) throws {
        var text = line
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        try checkSignal()
        try emit(Batch.respond(to: text, keeper: keeper))
    }

    /// Stops before starting a request once a signal has arrived: that request is dropped whole.
    private func checkSignal() throws {
        let sig = BatchSignals.received
        if sig != 0 { throw Stop.signal(sig) }
    }

    private mutating func emit(_ response: JSONValue) throws {
        var bytes = Array(JSONWriter.write(response, pretty: false).utf8)
        bytes.append(UInt8(ascii: "\n"))
        try write(bytes)
        answered += 1
    }

    /// Reads what is there (waiting for it, or for a signal).
    private mutating func readChunk() throws {
        let size = 1 << 16
        while true {
            try checkSignal()
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, wakeReadFD >= 0 ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw Stop.readFailed(errno)
            }
            if fds[1].revents != 0 { try checkSignal() }
            if fds[0].revents == 0 { continue }
            let before = pending.count
            pending.append(contentsOf: repeatElement(0, count: size))
            let count = pending.withUnsafeMutableBytes { raw in
                read(0, raw.baseAddress! + before, size)
            }
            let failure = errno
            pending.removeSubrange((before + max(0, count))...)
            if count > 0 { return }
            if count == 0 { endOfInput = true; return }
            if failure == EINTR || failure == EAGAIN || failure == EWOULDBLOCK { continue }
            throw Stop.readFailed(failure)
        }
    }

    /// Writes all of `bytes` to stdout, whatever signals arrive meanwhile: a response that has
    /// started goes out whole.
    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                systemWrite(1, raw.baseAddress! + offset, raw.count - offset)
            }
            if n > 0 { offset += n; continue }
            let failure = errno
            if n < 0 && failure == EINTR { continue }
            if n < 0 && (failure == EAGAIN || failure == EWOULDBLOCK) {
                var fd = pollfd(fd: 1, events: Int16(POLLOUT), revents: 0)
                _ = poll(&fd, 1, -1)
                continue
            }
            if n < 0 && failure == EPIPE { throw Stop.closedOutput }
            throw Stop.writeFailed(n < 0 ? failure : EIO)
        }
    }

    /// The exit for a stop, with one line on stderr.
    private func exitCode(for stop: Stop) -> BatchExit {
        let done = "after \(answered) response\(answered == 1 ? "" : "s")"
        switch stop {
        case .signal(let sig):
            note("liandong batch: stopped by \(BatchSignals.name(sig)) \(done); later requests were not answered\n")
            return BatchExit(code: 128 + sig)
        case .closedOutput:
            note("liandong batch: stdout was closed \(done)\n")
            return BatchExit(code: 128 + SIGPIPE)
        case .readFailed(let e):
            note("liandong batch: cannot read stdin (\(String(cString: strerror(e)))) \(done)\n")
            return BatchExit(code: ExitStatus.cannotRead.rawValue)
        case .writeFailed(let e):
            note("liandong batch: cannot write stdout (\(String(cString: strerror(e)))) \(done)\n")
            return BatchExit(code: ExitStatus.cannotWrite.rawValue)
        }
    }
}

/// `write(2)` (inside `BatchStream` the name `write` is its own method).
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// A message on stderr (a closed or full stderr must not be fatal: the write is attempted once).
private func note(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { systemWrite(2, $0.baseAddress!, $0.count) }
}

/// How `liandong batch` ends when it does not reach the end of its input: the process's exit
/// code (128 + a signal's number, 141 for a closed stdout, 66, 74); the line on stderr is written.
public struct BatchExit: Error, Sendable {
    public let code: Int32
}
