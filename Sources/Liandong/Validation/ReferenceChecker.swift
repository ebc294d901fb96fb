/// The second validation pass: ids unique in their lists, every reference names something,
/// and pinned assignments that keep every hard rule.
struct ReferenceChecker {
    let input: PlanningInput
    let sources: SourceMap
    var reader: FieldReader

    init(input: PlanningInput, sources: SourceMap, reader: FieldReader) {
        self.input = input; self.sources = sources; self.reader = reader
    }

    private func path(_ list: String, _ i: Int, _ map: [Int]) -> JSONPointer { .root / list / map[i] }

    private mutating func unique(_ ids: [String], _ list: String, _ map: [Int]) -> Set<String> {
        var seen: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            if let first = seen[id] {
                reader.fail(.duplicateId, path(list, i, map) / "id", "id '\(id)' is already used by /\(list)/\(map[first])")
            } else {
                seen[id] = i
            }
        }
        return Set(ids)
    }

    mutating func run() {
        let communities = unique(input.communities.map(\.id), "communities", sources.communities)
        let organizations = unique(input.organizations.map(\.id), "organizations", sources.organizations)
        let people = unique(input.people.map(\.id), "people", sources.people)
        let needs = unique(input.needs.map(\.id), "needs", sources.needs)

        func ref(_ id: String?, in set: Set<String>, _ p: JSONPointer, _ what: String) {
            if let id, !set.contains(id) { reader.fail(.unknownReference, p, "no \(what) has id '\(id)'") }
        }

        for (i, o) in input.organizations.enumerated() {
            for (k, c) in (o.communities ?? []).enumerated() {
                ref(c, in: communities, path("organizations", i, sources.organizations) / "communities" / k, "community")
            }
        }
        for (i, p) in input.people.enumerated() {
            let pp = path("people", i, sources.people)
            ref(p.organization, in: organizations, pp / "organization", "organization")
            ref(p.home, in: communities, pp / "home", "community")
        }
        let knownGroups = Set(input.weights.groups.keys)
        let peopleSkills = Set(input.people.flatMap(\.skills))
        let knownCategories = Set(Vocabulary.skills.map(\.id)).union(peopleSkills).union(input.needs.flatMap { $0.team.flatMap(\.skills) })
        // An unweighted group or a skill no one has is reported once, at its first need, with the
        // number of other needs naming it (one warning a need gave hundreds on one week).
        var groupUses: [String: Int] = [:], skillUses: [String: Int] = [:]
        for n in input.needs {
            for g in Set(n.groups) where !knownGroups.contains(g) { groupUses[g, default: 0] += 1 }
            for skill in Set(n.team.flatMap(\.skills)) where !peopleSkills.contains(skill) { skillUses[skill, default: 0] += 1 }
        }
        func others(_ uses: Int?) -> String {
            guard let uses, uses > 1 else { return "" }
            return uses == 2 ? "; 1 other need names it too" : "; \(uses - 1) other needs name it too"
        }
        var groupReported = Set<String>(), skillReported = Set<String>()
        for (i, n) in input.needs.enumerated() {
            let np = path("needs", i, sources.needs)
            ref(n.community, in: communities, np / "community", "community")
            for (k, id) in n.preferred.enumerated() { ref(id, in: people, np / "preferred" / k, "person") }
            for (k, id) in n.excluded.enumerated() { ref(id, in: people, np / "excluded" / k, "person") }
            for (k, g) in n.groups.enumerated() where !knownGroups.contains(g) && groupReported.insert(g).inserted {
                let hint = Vocabulary.closest(g, in: knownGroups).map { " (did you mean '\($0)'?)" } ?? ""
                reader.warnings.append(InputWarning(path: np / "groups" / k, message: "group '\(g)' has no weight; it earns 0\(hint)\(others(groupUses[g]))"))
            }
            // A skill no one has: the position can never be filled (likely a misspelling).
            for (k, position) in n.team.enumerated() {
                for (j, skill) in position.skills.enumerated() where !peopleSkills.contains(skill) && skillReported.insert(skill).inserted {
                    let hint = Vocabulary.closest(skill, in: peopleSkills.union(Vocabulary.skills.map(\.id))).map { " (did you mean '\($0)'?)" } ?? ""
                    reader.warnings.append(InputWarning(path: np / "team" / k / "skills" / j,
                        message: "no one has skill '\(skill)'\(hint); this position cannot be filled\(others(skillUses[skill]))"))
                }
            }
            if let c = n.category, !knownCategories.contains(c) {
                if let hint = Vocabulary.closest(c, in: knownCategories) {
                    reader.warnings.append(InputWarning(path: np / "category", message: "category '\(c)' is not a known category (did you mean '\(hint)'?)"))
                }
            }
        }
        var pairSeen: [String: Int] = [:]
        for (i, pr) in input.pairs.enumerated() {
            let pp = path("pairs", i, sources.pairs)
            ref(pr.need, in: needs, pp / "need", "need")
            ref(pr.person, in: people, pp / "person", "person")
            let key = pr.need + "\u{0}" + pr.person
            if let first = pairSeen[key] {
                reader.fail(.duplicateId, pp, "pair (\(pr.need), \(pr.person)) is already given at /pairs/\(sources.pairs[first])")
            } else { pairSeen[key] = i }
        }
        for (i, d) in input.declined.enumerated() {
            let dp = path("declined", i, sources.declined)
            ref(d.need, in: needs, dp / "need", "need")
            ref(d.person, in: people, dp / "person", "person")
            ref(d.organization, in: organizations, dp / "organization", "organization")
        }
        for (i, past) in input.pastServices.enumerated() {
            ref(past.person, in: people, path("pastServices", i, sources.pastServices) / "person", "person")
        }
        checkPinned(needs: needs, people: people)
    }

    private mutating func checkPinned(needs: Set<String>, people: Set<String>) {
        let needByID = Dictionary(input.needs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var pinnedNeed: [String: Int] = [:]
        var referencesOK = true
        for (i, pin) in input.pinned.enumerated() {
            let pp = path("pinned", i, sources.pinned)
            guard let need = needByID[pin.need] else {
                reader.fail(.unknownReference, pp / "need", "no need has id '\(pin.need)'")
                referencesOK = false
                continue
            }
            if let first = pinnedNeed[pin.need] {
                reader.fail(.duplicateId, pp / "need", "need '\(pin.need)' is already pinned at /pinned/\(sources.pinned[first])")
                referencesOK = false
            } else { pinnedNeed[pin.need] = i }
            var seen = Set<String>()
            for (k, id) in pin.people.enumerated() {
                if !people.contains(id) {
                    reader.fail(.unknownReference, pp / "people" / k, "no person has id '\(id)'")
                    referencesOK = false
                } else if !seen.insert(id).inserted {
                    reader.fail(.pinnedBreaksRule, pp / "people" / k, "person '\(id)' is listed twice")
                    referencesOK = false
                }
            }
            if pin.people.count != need.teamSize {
                reader.fail(.pinnedBreaksRule, pp / "people", "need '\(need.id)' has a team of \(need.teamSize), but \(pin.people.count) people are pinned")
                referencesOK = false
            }
            if need.isScheduled && pin.start == nil {
                reader.fail(.missing, pp / "start", "need '\(need.id)' is scheduled: a pinned assignment gives 'day' and 'start'")
                referencesOK = false
            }
            if !need.isScheduled && pin.start != nil {
                reader.fail(.invalidValue, pp / "start", "need '\(need.id)' is unscheduled (no windows): a pinned assignment has no 'day' or 'start'")
                referencesOK = false
            }
        }
        // Hard rules, judged by the independent plan checker on the pinned assignments alone.
        guard referencesOK, reader.problems.isEmpty, !input.pinned.isEmpty else { return }
        for v in PlanChecker(input: input).violations(assignments: PlanChecker.pinnedAssignments(input), reportedParts: nil, checkRequired: false) {
            guard let needID = v.need, let i = pinnedNeed[needID] else {
                reader.fail(.pinnedBreaksRule, .root / "pinned", v.message)
                continue
            }
            reader.fail(.pinnedBreaksRule, path("pinned", i, sources.pinned), v.message)
        }
    }
}
