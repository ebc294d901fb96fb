/// Independent parts of a problem: needs that share no candidate person (and no organization
/// whose `maxOrders` both could use) cannot influence each other, so each part can be solved
/// on its own and the plans merged. A positive fairness weight couples everyone.
enum Decomposition {
    struct Part: Sendable {
        var needs: [Int]
        /// Columns the part's integer program would have (for sizing).
        var size: Int
    }

    static func parts(_ candidates: Candidates) -> [Part] {
        let catalog = candidates.catalog
        let input = catalog.input
        let people = input.people.count
        let orgs = input.organizations.count
        // Union-find over needs, people and organizations.
        var parent = Array(0..<(input.needs.count + people + orgs))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) { let (ra, rb) = (find(a), find(b)); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        var size = Array(repeating: 0, count: input.needs.count)
        let servable = input.needs.indices.filter { !candidates.options[$0].isEmpty }
        for n in servable {
            size[n] = candidates.columnCount(need: n)
            for option in candidates.options[n] {
                let places = catalog.leadPlaces(option.candidates)
                for (k, members) in option.candidates.enumerated() {
                    for p in members {
                        union(n, input.needs.count + p)
                        if catalog.mayLead(person: p, position: k, in: places), let g = catalog.organization(of: p), catalog.capped[g] {
                            union(n, input.needs.count + people + g)
                        }
                    }
                }
            }
        }
        if input.weights.fairness > 0, let first = servable.first {
            for n in servable { union(first, n) }
        }
        var groups: [Int: [Int]] = [:]
        for n in servable { groups[find(n), default: []].append(n) }
        return groups.values.map { Part(needs: $0.sorted(), size: $0.reduce(0) { $0 + size[$1] }) }
            .sorted { ($0.size, $0.needs[0]) > ($1.size, $1.needs[0]) }
    }
}
