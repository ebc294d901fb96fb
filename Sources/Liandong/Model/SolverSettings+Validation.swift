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
