import Liandong
extension Commands {
    /// `replan`: one accept/decline round (see ``Round``): keep every accepted order exactly,
    /// hold every decline of the week, re-plan the rest preferring the previous plan's choices,
    /// and report per changed order what moved and why. No responses: the previous plan, kept.
    public static func replan(_ decoded: DecodedInput, previous: PlanDocument, responses: OrderResponses,
                              overrides: SettingsOverrides, progress: ProgressSink? = nil) -> CommandOutcome {
        let round: Round
        do { round = try Round(input: decoded.input, previous: previous, responses: responses) } catch {
            return .invalid(error, what: "responses document")
        }
        let merged: DecodedInput
        let kept: DecodedInput?
        do {
            merged = try round.validated()
            kept = round.keepsEverything ? try round.keepingEverything().validated() : nil
        } catch {
            return .invalid(error, what: "previous plan with the accepted orders")
        }
        let settings = Engine.settings(for: merged.input, overriding: overrides)
        do {
            var plan = try Engine.plan(kept ?? merged, settings: settings, previous: previous.assignments, progress: progress,
                                       startedAt: overrides.startedAt, searching: kept == nil)
            for i in plan.assignments.indices { plan.assignments[i].pinned = round.accepted.contains(plan.assignments[i].need) }
            plan.warnings = decoded.warnings + plan.warnings.filter { !decoded.warnings.contains($0) && !merged.warnings.contains($0) }
            plan.changes = PlanChanges(previous: previous.assignments, current: plan.assignments, events: round.record.events)
            plan.dispatch = round.record
            return CommandOutcome(status: plan.status == .infeasible ? .requiredUnserved : .ok, document: encode(plan), plan: plan, isError: false)
        } catch {
            return .error(.internalError, code: "internal", message: error.description)
        }
    }
}
