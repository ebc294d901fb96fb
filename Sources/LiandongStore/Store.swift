import Foundation
import GRDB
import Liandong

/// The embedded store (SQLite through GRDB): each week's input, every round's plan and the
/// organizations' responses, and the services as planned and as done — the service records
/// (服务记录) behind the time bank (时间银行), star ratings and continuity of care.
///
/// One file, created on first use (``defaultPath``), schema versioned by migrations (an older
/// store is migrated on open, a newer or damaged one refused with ``StoreError``). Every change is
/// one immediate transaction, so two processes writing at once wait for each other (up to
/// ``busySeconds``) instead of losing a write, and a process killed mid-write leaves the last
/// committed state.
public final class Store: Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Seconds a writer waits for another process's transaction before giving up.
    public static let busySeconds: TimeInterval = 30

    /// `$LIANDONG_STORE`, else `$XDG_DATA_HOME/liandong/liandong.sqlite`, else
    /// `~/.local/share/liandong/liandong.sqlite`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["LIANDONG_STORE"], !p.isEmpty { return p }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("liandong/liandong.sqlite")
    }

    /// Opens (creating if needed) the store at `path` and migrates it to this version's schema.
    /// - Parameter upTo: migrate only up to this migration (tests of the migration path).
    public init(path: String, upTo: String? = nil) throws(StoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw .cannotOpen(path: path, reason: "cannot create the folder \(directory): \(error.localizedDescription)")
            }
        }
        var config = Configuration()
        config.busyMode = .timeout(Self.busySeconds)
        config.foreignKeysEnabled = true
        config.label = "liandong-store"
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.classify(error, path: path)
        }
        let migrator = Schema.migrator
        do {
            try queue.read { db in
                try db.execute(sql: "PRAGMA schema_version") // reads the header: fails on a file that is not SQLite
                if try migrator.hasBeenSuperseded(db) {
                    throw StoreError.newerVersion(path: path, migrations: try migrator.appliedIdentifiers(db).sorted())
                }
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                if !tables.isEmpty && !tables.contains("grdb_migrations") {
                    throw StoreError.notAStore(path: path, reason: "it holds tables (\(tables.sorted().joined(separator: ", "))) but no Liandong schema version")
                }
            }
            if let upTo { try migrator.migrate(queue, upTo: upTo) } else { try migrator.migrate(queue) }
            try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                if check != ["ok"] { throw StoreError.damaged(path: path, reason: check.prefix(3).joined(separator: "; ")) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    static func classify(_ error: any Error, path: String) -> StoreError {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .damaged(path: path, reason: e.message ?? "\(e.resultCode)")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
                return .cannotOpen(path: path, reason: e.message ?? "\(e.resultCode)")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .busy(path: path)
            default:
                return .failed(path: path, reason: e.message ?? "\(e.resultCode)")
            }
        }
        return .failed(path: path, reason: "\(error)")
    }

    /// Runs `body` in one immediate (write-locking) transaction.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            var result: T?
            try queue.inTransaction(.immediate) { db in
                result = try body(db)
                return .commit
            }
            return result!
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try queue.read(body) } catch let error as StoreError { throw error } catch { throw Self.classify(error, path: path) }
    }

    /// The migrations applied to this store, in order.
    public func migrations() throws(StoreError) -> [String] {
        try read { db in try Schema.migrator.appliedIdentifiers(db).sorted() }
    }
}

/// Why the store cannot be used (the CLI exits 65 for a damaged or foreign file, 66 when it
/// cannot be opened, 70 otherwise); the message names the file.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case damaged(path: String, reason: String)
    case notAStore(path: String, reason: String)
    case newerVersion(path: String, migrations: [String])
    case busy(path: String)
    /// A request the store's contents do not allow (the message says what to do instead).
    case conflict(String)
    /// A record that names nothing in the store, with its path in the request.
    case unknown(path: String, message: String)
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): "cannot open the store \(p): \(r)"
        case .damaged(let p, let r): "the store \(p) is damaged (\(r)); restore it from a backup or move it away to start a new one"
        case .notAStore(let p, let r): "\(p) is not a Liandong store: \(r)"
        case .newerVersion(let p, let m): "the store \(p) was written by a newer Liandong (migrations \(m.joined(separator: ", "))); use that version"
        case .busy(let p): "the store \(p) stayed locked by another process for \(Int(Store.busySeconds)) s"
        case .conflict(let m): m
        case .unknown(let p, let m): "\(p): \(m)"
        case .failed(let p, let r): "the store \(p) failed: \(r)"
        }
    }
}

/// The store's schema, one migration per version. Never edit a migration that has shipped:
/// add the next one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        // v1: the weeks and their dispatch rounds.
        m.registerMigration("v1-rounds") { db in
            try db.execute(sql: """
                CREATE TABLE week (
                    key TEXT PRIMARY KEY NOT NULL,
                    start TEXT NOT NULL,
                    input TEXT NOT NULL,
                    createdAt TEXT NOT NULL);
                CREATE TABLE round (
                    week TEXT NOT NULL REFERENCES week(key) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    plan TEXT NOT NULL,
                    createdAt TEXT NOT NULL,
                    PRIMARY KEY (week, number));
                CREATE TABLE response (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    week TEXT NOT NULL REFERENCES week(key) ON DELETE CASCADE,
                    round INTEGER NOT NULL,
                    need TEXT NOT NULL,
                    organization TEXT,
                    person TEXT,
                    decision TEXT NOT NULL,
                    recordedAt TEXT NOT NULL);
                """)
        }
        // v2: people and their services (the service records and the time bank).
        m.registerMigration("v2-services") { db in
            try db.execute(sql: """
                CREATE TABLE person (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT,
                    role TEXT NOT NULL,
                    organization TEXT,
                    organizationName TEXT,
                    partyMember INTEGER NOT NULL DEFAULT 0,
                    minutesBefore INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE service (
                    week TEXT NOT NULL REFERENCES week(key) ON DELETE CASCADE,
                    need TEXT NOT NULL,
                    person TEXT NOT NULL REFERENCES person(id),
                    resident TEXT,
                    community TEXT,
                    communityName TEXT,
                    title TEXT,
                    category TEXT,
                    date TEXT,
                    start TEXT,
                    "end" TEXT,
                    minutes INTEGER NOT NULL,
                    organization TEXT,
                    status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'notDone', 'noShow')),
                    feedback TEXT,
                    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
                    updatedAt TEXT NOT NULL,
                    PRIMARY KEY (week, need, person));
                CREATE INDEX service_person ON service(person, date);
                CREATE INDEX service_resident ON service(resident, date);
                """)
        }
        return m
    }
}
