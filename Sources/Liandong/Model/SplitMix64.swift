/// A small, fast, seedable random number generator (SplitMix64, Steele et al. 2014): the same
/// stream on every platform, so that plans and generated weeks never depend on the platform's
/// generator. The heuristic and `LiandongGenerate` draw from it.
///
/// ```swift
/// var rng = SplitMix64(seed: 7)
/// let roll = rng.next() % 6
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// Fisher–Yates from the last element down, by `next() % (i + 1)`: the same order on every
    /// platform (the standard library's `shuffle(using:)` promises no particular sequence).
    mutating func shuffle<T>(_ items: inout [T]) {
        for i in items.indices.reversed() where i > 0 { items.swapAt(i, Int(next() % UInt64(i + 1))) }
    }
}
