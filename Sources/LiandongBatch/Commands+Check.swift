import Liandong
extension Commands {
    /// `check`: verify a plan against its input; exit 0 when it keeps every hard rule, 1 otherwise.
    public static func check(_ input: DecodedInput, plan: PlanDocument) -> CommandOutcome {
        let violations = PlanChecker(input: input.input).violations(of: plan)
        let doc = JSONObject([
            ("valid", .bool(violations.isEmpty)),
            ("assignments", .number(Double(plan.assignments.count))),
            ("violations", encode(violations)),
        ])
        return CommandOutcome(status: violations.isEmpty ? .ok : .violations, document: .object(doc), plan: nil, isError: false)
    }
}
