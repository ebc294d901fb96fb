import Liandong
/// How large a synthetic week ``Generator`` writes: one joint committee up to a whole city.
public enum Scale: String, CaseIterable, Sendable {
    /// One joint committee of 5 communities, like the demo week: ≈ 44 needs, 60 people.
    case community
    /// One street (街道) of 8–10 communities: ≈ 400 needs, 450 people.
    case street
    /// One district (区) of 8 streets, 60–80 communities: ≈ 3,000 needs, 2,650 people.
    case district
    /// One city of 55 streets in 7 districts, ≈ 500 communities: ≈ 20,000 needs, 16,000 people.
    case city

    /// The number of needs the generator writes at this scale.
    public var needCount: Int {
        switch self { case .community: 44; case .street: 400; case .district: 3_000; case .city: 20_000 }
    }

    /// The number of people (social workers and volunteers) the generator writes at this scale.
    public var peopleCount: Int {
        switch self { case .community: 60; case .street: 450; case .district: 2_650; case .city: 16_000 }
    }

    /// Streets at this scale (a joint committee counts as one small street).
    var streetCount: Int {
        switch self { case .community, .street: 1; case .district: 8; case .city: 55 }
    }

    var communitiesPerStreet: ClosedRange<Int> {
        switch self { case .community: 5...5; default: 8...10 }
    }

    var streetsPerDistrict: Int { 8 }

    /// The solver time limit written into the document's `solver` block.
    public var timeLimitSeconds: Double {
        switch self { case .community, .street: 30; case .district: 60; case .city: 300 }
    }
}

/// Writes realistic synthetic `liandong/v1` weeks for tests, benchmarks and what-if demos.
///
/// The output is deterministic for a given (scale, seed) on every platform: all randomness comes
/// from one `SplitMix64` stream, uniform numbers are derived from its bits by integer arithmetic,
/// the geometry uses only `+ − × ÷ √`, and nothing that reaches the output depends on the
/// iteration order of a `Dictionary` or `Set`.
///
/// ```swift
/// let input = Generator.generate(scale: .street, seed: 7)
/// let text = try Generator.encodeText(input)   // the liandong/v1 document, weights omitted
/// ```
public enum Generator {
    /// The week for `scale`, drawn from `seed`.
    public static func generate(scale: Scale, seed: Int) -> PlanningInput {
        var builder = GeneratorBuilder(scale: scale, seed: seed)
        return builder.build()
    }

    /// The document's text, as `liandong generate` writes it: ``JSONValueEncoder`` output with
    /// `weights` left out when they are the defaults (the document then says "defaults" by
    /// omission, as `datasets/wenchang-week.json` does).
    public static func encodeText(_ input: PlanningInput) throws -> String {
        JSONWriter.write(try document(input))
    }

    /// The document as a JSON value, `weights` left out when they are the defaults.
    public static func document(_ input: PlanningInput) throws -> JSONValue {
        let value = try JSONValueEncoder().encode(input)
        guard input.weights == .defaults, case .object(var object) = value else { return value }
        object["weights"] = nil
        return .object(object)
    }

    /// The seed as the document's `solver.seed` (which must lie in 0…Int32.max).
    static func solverSeed(_ seed: Int) -> Int {
        let m = Int(Int32.max) + 1
        return ((seed % m) + m) % m
    }
}

// MARK: - Random numbers

/// Uniform draws from a ``SplitMix64`` stream by integer arithmetic only, so that the same seed
/// gives the same numbers on every platform and Swift version (the standard library's
/// `random(in:using:)` and `shuffle(using:)` do not promise a fixed algorithm).
struct GeneratorRandom {
    private var source: SplitMix64

    init(seed: Int, salt: UInt64) {
        source = SplitMix64(seed: UInt64(bitPattern: Int64(seed)) &* 0xD134_2543_DE82_EF95 ^ salt)
    }

    mutating func next() -> UInt64 { source.next() }

    /// 0..<n.
    mutating func int(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next() % UInt64(n))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }

    /// [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// An index drawn with the given (non-negative, not all zero) weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        precondition(total > 0)
        var x = unit() * total
        for (i, w) in weights.enumerated() where w > 0 {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex { $0 > 0 }!
    }

    /// Fisher–Yates.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = int(i + 1)
            if i != j { items.swapAt(i, j) }
        }
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        shuffle(&copy)
        return copy
    }

    /// `k` distinct indices of 0..<n, in increasing order.
    mutating func sample(_ k: Int, of n: Int) -> [Int] {
        var all = Array(0..<n)
        var out: [Int] = []
        for i in 0..<min(k, n) {
            let j = i + int(n - i)
            all.swapAt(i, j)
            out.append(all[i])
        }
        return out.sorted()
    }
}

/// Splits `total` into parts proportional to `weights` (largest remainder; ties by index).
func apportion(_ total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0, !weights.isEmpty else { return weights.map { _ in 0 } }
    let exact = weights.map { Double(total) * $0 / sum }
    var parts = exact.map { Int($0) }
    var left = total - parts.reduce(0, +)
    let order = exact.indices.sorted { a, b in
        let ra = exact[a] - Double(parts[a]), rb = exact[b] - Double(parts[b])
        return ra != rb ? ra > rb : a < b
    }
    var k = 0
    while left > 0 {
        parts[order[k % order.count]] += 1
        left -= 1
        k += 1
    }
    return parts
}

/// `n` written with at least `width` digits.
func zeroPadded(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
