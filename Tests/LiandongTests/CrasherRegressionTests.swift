import Foundation
import Testing
@testable import Liandong
@testable import LiandongBatch

/// Every input that once crashed the fuzzing harness (Fuzz/, scripts/fuzz.sh) or broke one of
/// its oracles, kept under Fixtures/crashers, goes through the harness's calls again; the
/// malformed-input corpus (Fixtures/invalid) goes through them too, as a baseline.
@Suite struct CrasherRegressionTests {
    static func files(_ folder: String) -> [String] {
        let dir = Fixtures.directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") && $0 != "manifest.json" }.sorted().map { "\(folder)/\($0)" }
    }

    /// `hang-…` files take the engine far past its time limit: they have tests of their own.
    static let crashers = files("crashers").filter { !$0.contains("/hang-") }
    static let hangs = files("crashers").filter { $0.contains("/hang-") }
    static let baseline = files("invalid")

    @Test func crashersAreThere() {
        #expect(Self.crashers.count >= 1, "Fixtures/crashers holds no input: the regression test would pass on nothing")
        #expect(Self.hangs.count >= 1)
        #expect(Self.baseline.count >= 30)
    }

    @Test(arguments: crashers + baseline)
    func harnessCallsAnswerIt(_ file: String) throws {
        let bytes = try Fixtures.data(file)
        let decoded = try? InputDecoder.decode(bytes)
        #expect((Commands.validate(bytes).status == .invalidInput) == (decoded == nil))
        _ = try? PlanReader.read(bytes)
        _ = try? OrderResponses.read(bytes)

        let exit = Batch.respond(to: bytes)["exitCode"]
        if decoded != nil {
            #expect(exit == .number(0) || exit == .number(69), "a valid input document answered with exit \(String(describing: exit))")
        } else if Self.isInputDocument(bytes) {
            #expect(exit == .number(65), "an invalid input document answered with exit \(String(describing: exit))")
        }

        // As the harness does: small valid inputs are planned by both backends and checked.
        guard let decoded, decoded.input.people.count <= 8, decoded.input.needs.count <= 8 else { return }
        let checker = PlanChecker(input: decoded.input)
        let heuristic = try Engine.plan(decoded, settings: SolverSettings(backend: .heuristic))
        let glpk = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 1))
        #expect(checker.violations(of: heuristic).isEmpty)
        #expect(checker.violations(of: glpk).isEmpty)
        #expect(heuristic.solver.objective <= glpk.solver.bound + 1e-6 * max(1, abs(glpk.solver.bound)))
    }

    /// GLPK stopped by its time limit before solving its first LP relaxation reported the bound
    /// ±DBL_MAX, which the plan wrote as `"bound": inf` — not JSON.
    @Test(arguments: hangs)
    func planIsJSONWhenGLPKStopsBeforeAnyBound(_ file: String) throws {
        let decoded = try InputDecoder.decode(try Fixtures.data(file))
        let plan = try Engine.plan(decoded, settings: SolverSettings(backend: .glpk, timeLimitSeconds: 1))
        let text = try JSONValueEncoder().encodeText(plan)
        #expect((try? JSONParser.parse(text)) != nil, "not JSON: \(text.prefix(400))")
        #expect(plan.solver.bound.isFinite && plan.solver.gap.isFinite)
        #expect(PlanChecker(input: decoded.input).violations(of: plan).isEmpty)
    }

    @Test func glpkPlaceholderBoundIsNoBound() {
        #expect(GLPK.provenBound(Double.greatestFiniteMagnitude) == nil)
        #expect(GLPK.provenBound(-Double.greatestFiniteMagnitude) == nil)
        #expect(GLPK.provenBound(1234.5) == 1234.5)
    }

    /// One-minute slots over whole days give 10^5–10^6 candidate starts from a document of a few
    /// hundred bytes; the time limit bounds building them as well as the search.
    @Test(arguments: hangs)
    func planFinishesNearItsTimeLimit(_ file: String) throws {
        let decoded = try InputDecoder.decode(try Fixtures.data(file))
        let clock = ContinuousClock()
        for backend in [Backend.heuristic, .glpk] {
            let started = clock.now
            _ = try Engine.plan(decoded, settings: SolverSettings(backend: backend, timeLimitSeconds: 1))
            #expect(clock.now - started < .seconds(3), "\(backend) took \(clock.now - started) with a 1 s limit")
        }
    }

    /// The batch reads anything but an object with `command` or `input` as an input document.
    static func isInputDocument(_ bytes: [UInt8]) -> Bool {
        guard let parsed = try? JSONParser.parse(bytes) else { return true }
        guard case .object(let o) = parsed.value else { return true }
        return o["command"] == nil && o["input"] == nil
    }
}
