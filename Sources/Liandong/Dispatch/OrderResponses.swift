/// The accept/decline round (派单—接单): organizations' responses to a previous plan's orders.
public struct OrderResponses: Sendable, Hashable {
    public struct Response: Sendable, Hashable {
        public enum Decision: String, Sendable, Hashable, CaseIterable { case accept, decline }
        public var need: String
        public var organization: String?
        public var decision: Decision
        /// With `decline`: only this person declines (else the whole organization).
        public var person: String?
        public init(need: String, organization: String?, decision: Decision, person: String? = nil) {
            self.need = need; self.organization = organization; self.decision = decision; self.person = person
        }
    }
    public init(responses: [Response]) { self.responses = responses }
    public var responses: [Response]

    /// Reads `{"responses": [...]}`, reporting every problem with its path.
    public static func read(_ data: some Collection<UInt8>) throws(InvalidInput) -> OrderResponses {
        let value: JSONValue
        do { value = try JSONParser.parse(data).value } catch {
            throw InvalidInput([InputProblem(error)])
        }
        return try read(value)
    }

    public static func read(_ value: JSONValue) throws(InvalidInput) -> OrderResponses {
        var r = FieldReader()
        var out: [Response] = []
        if let o = r.object(value, .root, what: "a responses document") {
            r.checkKeys(o, .root, known: ["schema", "responses"])
            out = r.array(o, "responses", .root, required: true) { r, v, p -> Response? in
                guard let item = r.object(v, p, what: "a response") else { return nil }
                r.checkKeys(item, p, known: ["need", "organization", "decision", "person"])
                let need = r.string(item, "need", p, required: true, nonEmpty: true)
                let org = r.string(item, "organization", p, nonEmpty: true)
                let decision: Response.Decision? = r.enumValue(item, "decision", p, required: true)
                let person = r.string(item, "person", p, nonEmpty: true)
                guard let need, let decision else { return nil }
                return Response(need: need, organization: org, decision: decision, person: person)
            } ?? []
        }
        guard r.problems.isEmpty else { throw InvalidInput(r.problems) }
        return OrderResponses(responses: out)
    }
}
