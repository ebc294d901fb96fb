import Foundation

/// The ranges of the solver settings, stated once for the input's `solver` block, a batch
/// request's `options` and the command line.
extension SolverSettings {
    /// The time limit's range: (0, 86400] seconds.
    public static func problem(timeLimitSeconds t: Double) -> String? {
        t > 0 && t <= 86_400 ? nil : "timeLimitSeconds must be in (0, 86400]"
    }

    /// The relative MIP gap's range: [0, 1].
    public static func problem(mipGap g: Double) -> String? {
        g >= 0 && g <= 1 ? nil : "mipGap must be between 0 and 1"
    }

    /// The seed's range: 0 … 2³¹ − 1 (the same on every platform).
    public static let seedRange: ClosedRange<Int> = 0...Int(Int32.max)
}

extension SolverSettings {
    /// The default memory budget, 2,400 MiB: a fixed number, not a share of the machine's memory,
    /// so that the same input, seed and limit give the same plan on every machine.
    public static let defaultMemoryLimitMiB = 2_400

    /// Bytes one unit of the model's size estimate (see ``Candidates``) costs at most, measured
    /// over the solve (candidates, the integer program, GLPK's copy, the bound's cliques): a
    /// 1-minute-slot week thinned to 8 million units peaked at 0.4–0.7 GB.
    static let bytesPerEntry = 100

    /// The model's size budget for the memory limit.
    var entryBudget: Int {
        let mib = memoryLimitMiB ?? Self.defaultMemoryLimitMiB
        return max(100_000, mib * 1_048_576 / Self.bytesPerEntry)
    }
}
