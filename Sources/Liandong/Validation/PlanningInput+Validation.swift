extension PlanningInput {
    /// This input checked against every rule of `liandong/v1` — references, ranges, windows,
    /// pins that keep every hard rule — as a ``DecodedInput`` ready for ``Engine/plan(_:settings:previous:progress:startedAt:searching:)``,
    /// or every problem with its JSON Pointer path.
    ///
    /// ```swift
    /// var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 7))
    /// input.people = [Person(id: "v-01", role: .volunteer)]
    /// input.needs = [Need(id: "n-01")]
    /// let plan = try Engine.plan(try input.validated(), settings: SolverSettings())
    /// ```
    ///
    /// The rules are the decoder's, over the model: `ModelRules` (values, ranges, windows, the
    /// Chinese labels of skills and groups read as ids) and `ReferenceChecker` (ids, references,
    /// pins that keep every hard rule) — a model built in code and a file are held to exactly the
    /// same rules, and problems carry the paths the same document would have. No JSON is written.
    public func validated() throws(InvalidInput) -> DecodedInput {
        var input = self
        return try ModelRules.validate(&input, sources: SourceMap(identity: input), reader: FieldReader())
    }
}
