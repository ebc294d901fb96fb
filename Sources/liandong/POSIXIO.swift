#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line's only contact with file descriptors: `read(2)`, `write(2)`, `rename(2)`
/// and the signal mask, with every error returned as an `errno` value, never a trap.
///
/// What a reader can rely on: a plan (or any result) reaches stdout in one `write` loop with
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT held, so such a signal arriving while the document is
/// being written takes effect only after its last byte — a reader of the pipe sees the whole
/// document or, if the signal came before the write began, nothing. `-o FILE` writes a
/// temporary file beside FILE and renames it over FILE: FILE is the old file or the whole new
/// one, never half of it.
enum POSIXIO {
    /// The whole content of a file descriptor (a regular file, a pipe, a FIFO, a terminal).
    static func readAll(_ fd: Int32) -> Result<[UInt8], Errno> {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            else if n == 0 { return .success(out) }
            else if errno == EINTR { continue }
            else { return .failure(Errno(errno)) }
        }
    }

    /// Opens and reads a path; FIFOs and `/dev/fd/N` (process substitution) work like files.
    static func readFile(_ path: String) -> Result<[UInt8], Errno> {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return .failure(Errno(errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return .failure(Errno(EISDIR)) }
        return readAll(fd)
    }

    /// Writes every byte, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Errno? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return Errno(n == 0 ? EIO : errno) }
        }
        return nil
    }

    /// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
    /// A path that exists and is not a regular file (a device, a FIFO, `/dev/stdout`) is
    /// written directly: renaming over it would replace it.
    static func writeFileAtomically(_ path: String, _ bytes: [UInt8]) -> Errno? {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            var fd: Int32
            repeat { fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) } while fd < 0 && errno == EINTR
            guard fd >= 0 else { return Errno(errno) }
            if let e = writeAll(fd, bytes) { close(fd); return e }
            return close(fd) != 0 ? Errno(errno) : nil
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).liandong-\(getpid()).tmp"
        var fd: Int32
        repeat { fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return Errno(errno) }
        if let e = writeAll(fd, bytes) { close(fd); unlink(temporary); return e }
        if fsync(fd) != 0 && errno != EINVAL && errno != EROFS { let e = Errno(errno); close(fd); unlink(temporary); return e }
        if close(fd) != 0 { let e = Errno(errno); unlink(temporary); return e }
        if rename(temporary, path) != 0 { let e = Errno(errno); unlink(temporary); return e }
        return nil
    }

    /// Runs `body` with the terminating signals held (delivered when it returns).
    static func withTerminatingSignalsHeld<T>(_ body: () -> T) -> T {
        var held = sigset_t(), previous = sigset_t()
        sigemptyset(&held)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&held, s) }
        pthread_sigmask(SIG_BLOCK, &held, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return body()
    }

    /// A broken pipe is an error to report (exit 74), not a silent death.
    static func ignoreSIGPIPE() { signal(SIGPIPE, SIG_IGN) }

    /// A message on stderr; a closed or full stderr is ignored (there is nowhere left to say it).
    static func note(_ text: String) { _ = writeAll(2, Array(text.utf8)) }
}

/// An `errno` value with its text.
struct Errno: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
    var isMissing: Bool { code == ENOENT || code == ENOTDIR }
}
