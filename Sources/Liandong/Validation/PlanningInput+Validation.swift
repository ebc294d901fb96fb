extension PlanningInput {
    /// This input checked against every rule of `liandong/v1` — references, ranges, windows,
    /// pins that keep every hard rule — as a ``DecodedInput`` ready for ``Engine/plan(_:settings:previous:progress:startedAt:)``,
    /// or every problem with its JSON Pointer path.
    ///
    /// ```swift
    /// var input = PlanningInput(horizon: Horizon(start: "2026-11-23", days: 7))
    /// input.people = [Person(id: "v-01", role: .volunteer)]
    /// input.needs = [Need(id: "n-01")]
    /// let plan = try Engine.plan(try input.validated(), settings: SolverSettings())
    /// ```
    ///
    /// The rules are those of ``InputDecoder``, applied to the document this value encodes to, so
    /// that a model built in code and a file are held to exactly the same rules (and problems
    /// carry the paths the same document would have).
    public func validated() throws(InvalidInput) -> DecodedInput {
        let value: JSONValue
        do { value = try JSONValueEncoder().encode(self) } catch {
            throw InvalidInput([InputProblem(.invalidValue, at: JSONPointer(), "the input cannot be encoded: \(error)")])
        }
        return try InputDecoder.decode(value)
    }
}
