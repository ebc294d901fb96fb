import Liandong
/// Settings that change the character of a generated week, so that benchmarks measure families
/// of weeks rather than the generator's one kind: scarce or plentiful help, budgets and order caps
/// that bind, rare skills, needs without a time, travel, organizations restricted to their
/// communities, declines, a fairness weight, and the week crowded into fewer days in finer slots.
/// Each is applied after ``Generator/generate(scale:seed:)`` with its own random stream, so the
/// same (scale, seed, knobs) always gives the same week. (Pinned orders need a plan to pin:
/// `liandong generate --pinned` makes them with the heuristic.)
public struct GeneratorKnobs: Sendable, Hashable {
    /// Needs per available person-hour, relative to the generator's: 2 keeps half the people.
    public var scarcity: Double = 1
    /// Each person's `maxMinutes` times this (0.5 halves every budget; people without a budget get one).
    public var budgets: Double = 1
    /// Each organization's `maxOrders` = this × its share of the needs (nil: as generated).
    public var orderCaps: Double? = nil
    /// The probability that a person loses each of their skills (rarer skills).
    public var skillLoss: Double = 0
    /// The share of scheduled needs that lose their windows (done some time in the week).
    public var unscheduled: Double = 0
    /// Travel minutes per km (nil: as generated).
    public var minutesPerKm: Double? = nil
    /// The share of organizations restricted to the communities of their own people.
    public var restricted: Double = 0
    /// The share of needs with one declined person or organization.
    public var declined: Double = 0
    /// The fairness weight (`weights.fairness`: points an hour of the largest load; nil: as
    /// generated, none) — a week where the busiest person's hours cost, coupling everything.
    public var fairness: Double? = nil
    /// The days of the week (1…7; nil: 7, as generated): the same people and needs crowded into
    /// fewer days — day d's availability and windows move to day d mod `days`, overlapping ones
    /// merged —, so that services compete for the same hours (since 2026-12-16).
    public var days: Int? = nil
    /// The slot length in minutes (a divisor of 30: 1, 2, 3, 5, 6, 10, 15; nil: 30, as generated):
    /// the generator's windows and availability lie on half hours, so they stay on slot boundaries
    /// and each scheduled need gets more starts (since 2026-12-16).
    public var slotMinutes: Int? = nil

    public init() {}

    /// True when nothing changes the generated week.
    public var isNeutral: Bool { self == GeneratorKnobs() }
}

extension Generator {
    /// The week for `scale` and `seed`, changed by `knobs` (see ``GeneratorKnobs``).
    public static func generate(scale: Scale, seed: Int, knobs: GeneratorKnobs) -> PlanningInput {
        var input = generate(scale: scale, seed: seed)
        guard !knobs.isNeutral else { return input }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed) &+ 0x4B4E_4F42)
        func chance(_ p: Double) -> Bool { p > 0 && Double(rng.next() >> 11) / Double(1 << 53) < p }
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }

        if knobs.scarcity > 1 {
            // Keep every social worker needed for the levels, drop volunteers and workers alike.
            let keep = 1 / knobs.scarcity
            let kept = input.people.filter { _ in chance(keep) }
            let gone = Set(input.people.map(\.id)).subtracting(kept.map(\.id))
            input.people = kept
            for i in input.needs.indices {
                input.needs[i].preferred.removeAll { gone.contains($0) }
                input.needs[i].excluded.removeAll { gone.contains($0) }
            }
            input.pairs.removeAll { gone.contains($0.person) }
            input.pinned.removeAll { pin in pin.people.contains { gone.contains($0) } }
            input.declined.removeAll { $0.person.map(gone.contains) ?? false }
        }
        if knobs.budgets != 1 {
            for i in input.people.indices {
                let base = input.people[i].maxMinutes ?? 2_400
                input.people[i].maxMinutes = max(0, Int((Double(base) * knobs.budgets).rounded()))
            }
        }
        if knobs.skillLoss > 0 {
            for i in input.people.indices { input.people[i].skills.removeAll { _ in chance(knobs.skillLoss) } }
        }
        if knobs.unscheduled > 0 {
            for i in input.needs.indices where input.needs[i].windows != nil && chance(knobs.unscheduled) {
                input.needs[i].windows = nil
            }
        }
        if let f = knobs.minutesPerKm { input.travel = Travel(minutesPerKm: f) }
        if let w = knobs.fairness { input.weights.fairness = w }
        if knobs.restricted > 0 {
            var homes: [String: Set<String>] = [:]
            for p in input.people { if let o = p.organization, let h = p.home { homes[o, default: []].insert(h) } }
            for i in input.organizations.indices where chance(knobs.restricted) {
                if let h = homes[input.organizations[i].id], !h.isEmpty { input.organizations[i].communities = h.sorted() }
            }
        }
        if let caps = knobs.orderCaps, !input.organizations.isEmpty {
            // An organization's share: the people it has among everyone who belongs to one.
            var members: [String: Int] = [:]
            for p in input.people { if let o = p.organization { members[o, default: 0] += 1 } }
            let total = max(1, members.values.reduce(0, +))
            for i in input.organizations.indices {
                let share = Double(members[input.organizations[i].id] ?? 0) / Double(total)
                input.organizations[i].maxOrders = max(0, Int((caps * share * Double(input.needs.count)).rounded()))
            }
        }
        if let days = knobs.days, days >= 1, days < input.horizon.days {
            input.horizon.days = days
            for i in input.people.indices {
                input.people[i].availability = input.people[i].availability.map { Self.folded($0, days: days) }
            }
            for i in input.needs.indices {
                input.needs[i].windows = input.needs[i].windows.map { Self.folded($0, days: days) }
            }
        }
        if let slot = knobs.slotMinutes, slot >= 1, 30 % slot == 0 { input.horizon.slotMinutes = slot }
        if knobs.declined > 0, !input.people.isEmpty {
            let pinned = Set(input.pinned.map(\.need))
            let orgs = input.organizations.map(\.id)
            for need in input.needs where !pinned.contains(need.id) && chance(knobs.declined) {
                if !orgs.isEmpty && chance(0.3) {
                    input.declined.append(Decline(need: need.id, organization: pick(orgs)))
                } else {
                    input.declined.append(Decline(need: need.id, person: pick(input.people).id))
                }
            }
        }
        return input
    }

    /// `windows` with day d moved to day d mod `days`, sorted by day and time, overlapping or
    /// touching ones on a day merged into one.
    static func folded(_ windows: [DayWindow], days: Int) -> [DayWindow] {
        let moved = windows.map { DayWindow(day: $0.day % days, from: $0.from, to: $0.to) }
            .sorted { ($0.day, $0.from.minutes, $0.to.minutes) < ($1.day, $1.from.minutes, $1.to.minutes) }
        var out: [DayWindow] = []
        for w in moved {
            if let last = out.last, last.day == w.day, w.from <= last.to {
                if w.to > last.to { out[out.count - 1].to = w.to }
            } else {
                out.append(w)
            }
        }
        return out
    }
}
