import Foundation

/// The spacing of the values a plan's objective can take, and what it lets a bound prove.
///
/// Every plan's objective is a sum of whole multiples of its coefficients (need values, member
/// bonuses, weighted pair costs, the fairness and history charges a minute). When each of them
/// is a whole multiple of ρ = 1/q for some q ≤ ``maxDenominator`` (the default weights: ρ = 1;
/// `weights.fairness` 20: 20/60 a minute, ρ = 1/3), every plan's objective lies on that grid and
/// a bound less than ρ/2 above a plan proves it. A relative tolerance alone does not: with the
/// weights' documented range (up to 1e9) an objective of 2e9 and a tolerance of 1e-9 would call a
/// plan one unit short of the optimum optimal (seen: GLPK's own pruning tolerance, 1e-7 of the
/// objective, ended its search 1 below the optimum and `auto` reported it `optimal`).
enum ObjectiveGrid {
    /// Denominators beyond this are not looked for (the grid is then unknown).
    static let maxDenominator = 1_000_000

    /// The largest ρ = 1/q, q ≤ ``maxDenominator``, of which every coefficient is a whole multiple
    /// (within rounding), or nil when there is none.
    static func resolution<S: Sequence>(of coefficients: S) -> Double? where S.Element == Double {
        var q = 1
        var seen = Set<Double>()
        for c in coefficients where c != 0 && seen.insert(c).inserted {
            guard let d = denominator(c) else { return nil }
            q = q / gcd(q, d) * d
            if q > maxDenominator { return nil }
        }
        return 1 / Double(q)
    }

    /// The least q ≤ ``maxDenominator`` with c·q whole (within rounding), from the continued
    /// fraction of c's fractional part; nil if none.
    static func denominator(_ c: Double) -> Int? {
        let x = abs(c)
        guard x.isFinite else { return nil }
        func whole(_ y: Double) -> Bool { abs(y - y.rounded()) <= 1e-13 * max(1, abs(y)) }
        var (qPrevious, q) = (0.0, 1.0)
        var rest = x - x.rounded(.down)
        while q <= Double(maxDenominator) {
            if whole(x * q) { return Int(q) }
            guard rest > 1e-12 else { return nil }
            let inverse = 1 / rest
            let a = inverse.rounded(.down)
            rest = inverse - a
            (qPrevious, q) = (q, a * q + qPrevious)
        }
        return nil
    }

    /// How far a bound may lie above a plan's objective and still prove it optimal. On a grid of
    /// ρ any better plan is at least ρ above, so a bound less than ρ/2 above proves the plan, as
    /// long as the doubles resolve the grid: sums of whole numbers below 2⁵² are exact, others
    /// err by at most about 1e-10 of the objective. Without a grid, or where the doubles do not
    /// resolve it, 1e-9 of the objective (rounding in sums of doubles), never more than ρ/2.
    static func proofSlack(objective: Double, resolution: Double?) -> Double {
        let relative = 1e-9 * max(1, abs(objective))
        guard let resolution else { return relative }
        let resolved = resolution == 1 ? abs(objective) < 0x1p52 : 1e-10 * abs(objective) < 0.25 * resolution
        return resolved ? 0.5 * resolution : min(relative, 0.5 * resolution)
    }

    /// GLPK's pruning tolerance (`tol_obj`, relative: a subproblem whose bound is within
    /// tol_obj × (1 + |incumbent|) of the incumbent is dropped) for a program whose objective
    /// lies on a grid of `resolution` and is at most `magnitude` in absolute value: GLPK's default
    /// 1e-7 unless that could drop a plan one step of the grid better; without a grid, 5e-10 (its
    /// proof then within ``proofSlack(objective:resolution:)``).
    static func pruningTolerance(resolution: Double?, magnitude: Double) -> Double {
        guard let resolution else { return 5e-10 }
        return min(1e-7, max(1e-13, 0.25 * resolution / (1 + magnitude)))
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
