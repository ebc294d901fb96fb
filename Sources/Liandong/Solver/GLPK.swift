import CGLPKGuard
import Foundation

/// GLPK, reached only through the C guard (`CGLPKGuard`): no C pointer leaves this file.
///
/// A problem is created, solved and deleted inside one synchronous call, on one thread, as
/// GLPK's thread-local environment requires.
enum GLPK {
    /// Why GLPK stopped, and what it found: one table from (return code, status) to ours.
    struct Outcome: Sendable {
        enum Stop: Sendable, Equatable {
            case optimal, gapReached, timeLimit, infeasible, unbounded, failed(String)
        }
        var stop: Stop
        /// The incumbent, if any.
        var values: [Double]?
        var objective: Double?
        var bound: Double?
        /// Simplex iterations GLPK spent (counted without presolve: a deterministic measure of work).
        var iterations = 0
        /// Branch-and-bound subproblems GLPK selected (counted when there is a node limit).
        var nodes = 0
    }

    /// The version string of the linked library.
    static var version: String { String(cString: ldg_version()) }

    struct Options: Sendable {
        var timeLimitSeconds: Double
        var mipGap: Double
        var verbose: Bool
        var start: [Double]? = nil
        var relaxation: Bool = false
        /// An LP relaxation by the primal simplex (see ``GLPKBackend/relaxationBound(needs:deadline:primal:)``).
        var primal: Bool = false
        /// Stop after this many branch-and-bound subproblems (0: no limit).
        var nodeLimit: Int = 0
        /// A quick proof (with `nodeLimit`): no feasibility pump, branching without pseudocosts,
        /// MIR cuts only (Gomory's cuts slow every node's LP).
        var quick: Bool = false
        /// Called from inside branch-and-cut with (incumbent, bound).
        var progress: (@Sendable (Double?, Double?) -> Void)? = nil
    }

    /// Carries the Swift progress closure through GLPK's C callback.
    private final class ProgressBox {
        let call: (Double?, Double?) -> Void
        init(_ call: @escaping (Double?, Double?) -> Void) { self.call = call }
    }

    /// Solves `program` as a MIP (or its LP relaxation).
    static func solve(_ program: LinearProgram, options: Options) -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = solve(program, options: options, coverCuts: true)
        // GLPK 5.0's cover-cut generator raises an error on some presolved models ("glp_add_cols:
        // ncs = 0", a replan round of a random week: `--backend glpk` ended with exit 70). GLPK
        // again without those cuts, in the time left.
        guard case .failed = outcome.stop, !options.quick, !options.relaxation else { return outcome }
        var again = options
        if options.timeLimitSeconds > 0 {   // ≤ 0: no limit, for the retry too
            again.timeLimitSeconds = max(0.001, options.timeLimitSeconds - (clock.now - started) / .seconds(1))
        }
        let retry = solve(program, options: again, coverCuts: false)
        if case .failed = retry.stop { return outcome }
        return retry
    }

    private static func solve(_ program: LinearProgram, options: Options, coverCuts: Bool) -> Outcome {
        if program.columns.isEmpty {
            return Outcome(stop: .optimal, values: [], objective: program.objectiveConstant, bound: program.objectiveConstant)
        }
        let progressBox = options.progress.map { p in ProgressBox { p($0, $1) } }
        defer { withExtendedLifetime(progressBox) {} }
        // The objective's grid matters to branch-and-cut only (an LP relaxation prunes nothing).
        let grid = options.relaxation ? nil : Grid(program)
        return withProblem(program) { problem in
            var values = [Double](repeating: 0, count: program.columns.count)
            var result = ldg_result()
            let code: Int32 = values.withUnsafeMutableBufferPointer { buffer in
                result.values = buffer.baseAddress
                var params = ldg_params()
                params.time_limit_ms = Int32(clamping: Int((options.timeLimitSeconds * 1000).rounded(.up)))
                params.mip_gap = options.mipGap
                params.presolve = options.start == nil ? 1 : 0  // the presolver renumbers columns; a start needs the original ones
                params.verbose = options.verbose ? 1 : 0
                params.node_limit = Int32(clamping: options.nodeLimit)
                params.quick = options.quick ? 1 : 0
                params.primal = options.primal ? 1 : 0
                params.no_cover_cuts = coverCuts ? 0 : 1
                params.tol_obj = grid?.tolerance ?? 0   // 0: GLPK's default
                if let box = progressBox {
                    params.progress_context = Unmanaged.passUnretained(box).toOpaque()
                    params.progress = { context, hasIncumbent, incumbent, hasBound, bound in
                        guard let context else { return }
                        Unmanaged<ProgressBox>.fromOpaque(context).takeUnretainedValue()
                            .call(hasIncumbent != 0 ? incumbent : nil, hasBound != 0 ? bound : nil)
                    }
                }
                if let start = options.start {
                    return start.withUnsafeBufferPointer { s in
                        params.start = s.baseAddress
                        return ldg_solve_mip(problem, &params, &result)
                    }
                }
                return options.relaxation ? ldg_solve_lp(problem, &params, &result) : ldg_solve_mip(problem, &params, &result)
            }
            guard code == Int32(LDG_OK) else { return Outcome(stop: .failed(lastMessage())) }
            var outcome = grid.map { mapMIP(result, values, grid: $0, maximize: program.maximize) } ?? mapRelaxation(result, values)
            outcome.iterations = Int(result.iterations)
            outcome.nodes = Int(result.nodes)
            return outcome
        } ?? Outcome(stop: .failed(lastMessage()))
    }

    /// Writes `program` in CPLEX LP or free MPS form, as GLPK writes it.
    static func write(_ program: LinearProgram, to path: String, mps: Bool) -> Bool {
        withProblem(program) { problem in ldg_write(problem, mps ? 1 : 0, path) == Int32(LDG_OK) } ?? false
    }

    private static func lastMessage() -> String {
        String(cString: ldg_last_message()).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The grid of a program's objective values (``ObjectiveGrid``) and the pruning tolerance
    /// GLPK is given for it.
    struct Grid {
        let resolution: Double?
        let tolerance: Double
        init(_ program: LinearProgram) {
            resolution = ObjectiveGrid.resolution(of: program.columns.lazy.map(\.objective))
            let magnitude = program.columns.reduce(abs(program.objectiveConstant)) { $0 + abs($1.objective) }
            tolerance = ObjectiveGrid.pruningTolerance(resolution: resolution, magnitude: magnitude)
        }
    }

    private static func mapMIP(_ r: ldg_result, _ values: [Double], grid: Grid, maximize: Bool) -> Outcome {
        let ret = r.glp_return, status = r.status
        let incumbent = r.has_incumbent != 0 ? values : nil
        let objective = r.has_incumbent != 0 ? r.objective : nil
        let bound = r.has_bound != 0 ? provenBound(r.bound) : nil
        switch ret {
        case 0 where status == ldg_const_OPT():
            // GLPK's "optimal" is within its pruning tolerance: a proof only where that is less
            // than the proof's slack; else the incumbent and the bound that tolerance leaves.
            guard let z = objective else { return Outcome(stop: .failed("GLPK reported an optimum without a solution")) }
            let within = grid.tolerance * (1 + abs(z))
            if within <= ObjectiveGrid.proofSlack(objective: z, resolution: grid.resolution) {
                return Outcome(stop: .optimal, values: incumbent, objective: z, bound: z)
            }
            return Outcome(stop: .gapReached, values: incumbent, objective: z, bound: maximize ? z + within : z - within)
        case 0 where status == ldg_const_NOFEAS(), ldg_const_EROOT() where status == ldg_const_NOFEAS():
            return Outcome(stop: .infeasible)
        case ldg_const_EROOT():
            // The root relaxation did not finish in time: nothing found, nothing proven.
            return Outcome(stop: .timeLimit, values: incumbent, objective: objective, bound: bound)
        case 0:
            return Outcome(stop: .failed("GLPK ended with status \(status)"), values: incumbent, objective: objective, bound: bound)
        case ldg_const_EMIPGAP():
            return Outcome(stop: .gapReached, values: incumbent, objective: objective, bound: bound)
        case ldg_const_ETMLIM(), ldg_const_ESTOP():
            return Outcome(stop: .timeLimit, values: incumbent, objective: objective, bound: bound)
        case ldg_const_ENOPFS():
            return Outcome(stop: .infeasible)
        case ldg_const_ENODFS():
            return Outcome(stop: .unbounded)
        default:
            return Outcome(stop: .failed("GLPK glp_intopt returned \(ret): \(lastMessage())"), values: incumbent, objective: objective, bound: bound)
        }
    }

    /// GLPK gives a subproblem whose LP relaxation is not solved yet the bound ±DBL_MAX: that is
    /// no bound at all (and would be written as `inf` once rounded).
    static func provenBound(_ nodeBound: Double) -> Double? {
        abs(nodeBound) < 1e300 ? nodeBound : nil
    }

    private static func mapRelaxation(_ r: ldg_result, _ values: [Double]) -> Outcome {
        if r.glp_return == 0 && r.status == ldg_const_OPT() {
            return Outcome(stop: .optimal, values: values, objective: r.objective, bound: r.bound)
        }
        if r.status == ldg_const_NOFEAS() { return Outcome(stop: .infeasible) }
        // Stopped early: a dual feasible basis still bounds the optimum.
        if r.glp_return == ldg_const_ETMLIM() { return Outcome(stop: .timeLimit, bound: r.has_bound != 0 ? r.bound : nil) }
        return Outcome(stop: .failed("GLPK glp_simplex returned \(r.glp_return): \(lastMessage())"))
    }

    /// Builds the GLPK problem, runs `body`, deletes it — all on the calling thread.
    private static func withProblem<T>(_ program: LinearProgram, _ body: (OpaquePointer) -> T) -> T? {
        let m = program.rows.count, n = program.columns.count
        var rowType = [Int32](repeating: 0, count: m), rowLB = [Double](repeating: 0, count: m), rowUB = [Double](repeating: 0, count: m)
        for (i, r) in program.rows.enumerated() { (rowType[i], rowLB[i], rowUB[i]) = bounds(r.lower, r.upper) }
        var colType = [Int32](repeating: 0, count: n), colLB = [Double](repeating: 0, count: n), colUB = [Double](repeating: 0, count: n)
        var colKind = [Int32](repeating: 0, count: n), obj = [Double](repeating: 0, count: n)
        for (j, c) in program.columns.enumerated() {
            (colType[j], colLB[j], colUB[j]) = bounds(c.lower, c.upper)
            colKind[j] = switch c.kind {
            case .binary: Int32(LDG_BINARY)
            case .integer: Int32(LDG_INTEGER)
            case .continuous: Int32(LDG_CONTINUOUS)
            }
            obj[j] = c.objective
        }
        // Names as C strings, kept alive for the build call.
        let rowNames = program.rows.map { strdup(sanitize($0.name)) }
        let colNames = program.columns.map { strdup(sanitize($0.name)) }
        defer { rowNames.forEach { free($0) }; colNames.forEach { free($0) } }
        let nzRow = program.entryRow, nzCol = program.entryColumn
        var handle: OpaquePointer?
        let built: Int32 = rowType.withUnsafeBufferPointer { rt in rowLB.withUnsafeBufferPointer { rl in rowUB.withUnsafeBufferPointer { ru in
            colType.withUnsafeBufferPointer { ct in colLB.withUnsafeBufferPointer { cl in colUB.withUnsafeBufferPointer { cu in
            colKind.withUnsafeBufferPointer { ck in obj.withUnsafeBufferPointer { ob in
            nzRow.withUnsafeBufferPointer { ir in nzCol.withUnsafeBufferPointer { ic in program.entryValue.withUnsafeBufferPointer { iv in
            rowNames.map { UnsafePointer($0) }.withUnsafeBufferPointer { rn in colNames.map { UnsafePointer($0) }.withUnsafeBufferPointer { cn in
            "liandong".withCString { name in
                var model = ldg_model()
                model.rows = Int32(m); model.cols = Int32(n)
                model.row_type = rt.baseAddress; model.row_lb = rl.baseAddress; model.row_ub = ru.baseAddress
                model.col_type = ct.baseAddress; model.col_lb = cl.baseAddress; model.col_ub = cu.baseAddress
                model.col_kind = ck.baseAddress; model.obj = ob.baseAddress
                model.obj_constant = program.objectiveConstant
                model.maximize = program.maximize ? 1 : 0
                model.nonzeros = Int32(program.entryCount)
                model.nz_row = ir.baseAddress; model.nz_col = ic.baseAddress; model.nz_val = iv.baseAddress
                model.row_names = rn.baseAddress; model.col_names = cn.baseAddress
                model.name = name
                return ldg_build(&model, &handle)
            }}}}}}}}}}}}}
        }
        guard built == Int32(LDG_OK), let problem = handle else { return nil }
        defer { ldg_delete(problem) }
        return body(problem)
    }

    private static func bounds(_ lower: Double, _ upper: Double) -> (Int32, Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (Int32(LDG_FREE), 0, 0)
        case (true, false): (Int32(LDG_LOWER), lower, 0)
        case (false, true): (Int32(LDG_UPPER), 0, upper)
        case (true, true): lower == upper ? (Int32(LDG_FIXED), lower, upper) : (Int32(LDG_DOUBLE), lower, upper)
        }
    }

    /// GLPK names: at most 255 characters, printable ASCII without spaces.
    private static func sanitize(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.prefix(255).map { $0.isASCII && $0.value > 32 && $0.value < 127 ? $0 : "_" }))
    }
}
