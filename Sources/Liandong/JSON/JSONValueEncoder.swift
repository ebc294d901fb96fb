import Foundation

/// Encodes `Encodable` values into a ``JSONValue`` tree, keeping keys in the order the type
/// encodes them (its `CodingKeys` order), so that output is stable and readable:
/// `"schema"` first, byte-identical from run to run.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let root = _Box()
        let encoder = _Encoder(box: root, codingPath: [])
        try value.encode(to: encoder)
        return root.resolve()
    }

    /// Encodes and writes pretty-printed JSON text with a final newline.
    public func encodeText(_ value: some Encodable) throws -> String {
        JSONWriter.write(try encode(value))
    }
}

/// Writes a ``JSONValue`` as text: two-space indentation, `": "` separators, non-ASCII kept,
/// whole numbers without a fraction, other numbers in Swift's shortest round-trip form.
public enum JSONWriter {
    public static func write(_ value: JSONValue, pretty: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(4096)
        write(value, into: &out, indent: pretty ? 0 : -1)
        if pretty { out.append("\n") }
        return out
    }

    public static func number(_ d: Double) -> String {
        // JSON has no infinity or NaN: never write text that is not JSON.
        guard d.isFinite else { return "null" }
        if d == 0 { return "0" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func quote(_ s: String, into out: inout String) {
        out.append("\"")
        for u in s.unicodeScalars {
            switch u {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
                out.append(String(format: "\\u%04x", u.value))
            default: out.unicodeScalars.append(u)
            }
        }
        out.append("\"")
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int) {
        let pretty = indent >= 0
        func newline(_ level: Int) {
            if pretty { out.append("\n"); out.append(String(repeating: "  ", count: level)) }
        }
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let d): out.append(number(d))
        case .string(let s): quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            // Short arrays of scalars stay on one line.
            let scalars = items.allSatisfy { if case .array = $0 { false } else if case .object = $0 { false } else { true } }
            if scalars && pretty && items.count <= 12 {
                out.append("[")
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(", ") }
                    write(item, into: &out, indent: -1)
                }
                out.append("]")
                return
            }
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(",") }
                newline(indent + 1)
                write(item, into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append("]")
        case .object(let o):
            if o.members.isEmpty { out.append("{}"); return }
            out.append("{")
            for (i, m) in o.members.enumerated() {
                if i > 0 { out.append(",") }
                newline(indent + 1)
                quote(m.key, into: &out)
                out.append(pretty ? ": " : ":")
                write(m.value, into: &out, indent: pretty ? indent + 1 : -1)
            }
            newline(indent)
            out.append("}")
        }
    }
}

// MARK: - Encoder machinery

private final class _Box {
    var value: JSONValue?
    var object: [(String, _Box)]?
    var array: [_Box]?

    func resolve() -> JSONValue {
        if let object { return .object(JSONObject(object.map { ($0.0, $0.1.resolve()) })) }
        if let array { return .array(array.map { $0.resolve() }) }
        return value ?? .null
    }
}

private struct _Key: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

private struct _Encoder: Encoder {
    let box: _Box
    var codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.object == nil { box.object = [] }
        return KeyedEncodingContainer(_Keyed<Key>(box: box, codingPath: codingPath))
    }
    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if box.array == nil { box.array = [] }
        return _Unkeyed(box: box, codingPath: codingPath)
    }
    func singleValueContainer() -> SingleValueEncodingContainer { _Single(box: box, codingPath: codingPath) }
}

private func _encodeValue(_ value: some Encodable, path: [CodingKey]) throws -> _Box {
    let box = _Box()
    switch value {
    case let s as String: box.value = .string(s)
    case let d as Double: box.value = .number(d)
    case let i as Int: box.value = .number(Double(i))
    case let b as Bool: box.value = .bool(b)
    case let j as JSONValue: box.value = j
    default:
        try value.encode(to: _Encoder(box: box, codingPath: path))
        if box.object == nil && box.array == nil && box.value == nil { box.value = .null }
        box.value = box.resolve(); box.object = nil; box.array = nil
    }
    return box
}

private struct _Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: _Box
    var codingPath: [CodingKey]
    private func put(_ key: Key, _ b: _Box) {
        if let i = box.object!.firstIndex(where: { $0.0 == key.stringValue }) { box.object![i].1 = b }
        else { box.object!.append((key.stringValue, b)) }
    }
    mutating func encodeNil(forKey key: Key) throws { let b = _Box(); b.value = .null; put(key, b) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(key, try _encodeValue(value, path: codingPath + [key]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let b = _Box(); b.object = []; put(key, b)
        return KeyedEncodingContainer(_Keyed<NestedKey>(box: b, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let b = _Box(); b.array = []; put(key, b)
        return _Unkeyed(box: b, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> Encoder { _Encoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
        let b = _Box(); put(key, b); return _Encoder(box: b, codingPath: codingPath + [key])
    }
}

private struct _Unkeyed: UnkeyedEncodingContainer {
    let box: _Box
    var codingPath: [CodingKey]
    var count: Int { box.array!.count }
    mutating func encodeNil() throws { let b = _Box(); b.value = .null; box.array!.append(b) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.array!.append(try _encodeValue(value, path: codingPath + [_Key(intValue: count)]))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let b = _Box(); b.object = []; box.array!.append(b)
        return KeyedEncodingContainer(_Keyed<NestedKey>(box: b, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let b = _Box(); b.array = []; box.array!.append(b)
        return _Unkeyed(box: b, codingPath: codingPath)
    }
    mutating func superEncoder() -> Encoder { let b = _Box(); box.array!.append(b); return _Encoder(box: b, codingPath: codingPath) }
}

private struct _Single: SingleValueEncodingContainer {
    let box: _Box
    var codingPath: [CodingKey]
    mutating func encodeNil() throws { box.value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let b = try _encodeValue(value, path: codingPath)
        box.value = b.value
    }
    mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
    mutating func encode(_ value: String) throws { box.value = .string(value) }
    mutating func encode(_ value: Double) throws { box.value = .number(value) }
    mutating func encode(_ value: Int) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: Float) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: Int8) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: Int16) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: Int32) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: Int64) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: UInt) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: UInt8) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: UInt16) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: UInt32) throws { box.value = .number(Double(value)) }
    mutating func encode(_ value: UInt64) throws { box.value = .number(Double(value)) }
}

extension JSONValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array, .object:
            // Only reached with foreign encoders; ours short-circuits JSONValue.
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "use JSONValueEncoder"))
        }
    }
}
