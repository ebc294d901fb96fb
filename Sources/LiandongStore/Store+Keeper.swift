import Foundation
import Liandong
import LiandongBatch

extension StoreError {
    /// The exit status for this error: 65 for a damaged, foreign or newer file (or a record that
    /// names nothing), 66 when the file cannot be opened, 64 for a request the store's contents
    /// do not allow, 70 otherwise.
    public var status: ExitStatus {
        switch self {
        case .damaged, .notAStore, .newerVersion, .unknown: .invalidInput
        case .cannotOpen: .cannotRead
        case .conflict: .usage
        case .busy, .failed: .internalError
        }
    }
    var failure: KeeperFailure { KeeperFailure(status, description) }
}

/// The store keeps the rounds of `plan`, `replan` and `batch --store`.
extension Store: RoundKeeper {
    /// Adds who served this week's residents before (`pastServices`, for continuity of care) and
    /// sets each known person's `servedMinutesToDate` to the minutes before the store plus the
    /// minutes recorded done in earlier weeks (for fairness over weeks).
    public func completing(_ decoded: DecodedInput) throws(KeeperFailure) -> DecodedInput {
        guard let week = Self.weekKey(decoded.input) else {
            throw KeeperFailure(.invalidInput, "/horizon/start: the store keeps plans by week: give the input a horizon.start")
        }
        let residents = Set(decoded.input.needs.compactMap(\.resident))
        let past: [PastService]
        let accounts: [String: TimeBankAccount]
        do {
            past = try pastServices(residents: residents, before: week)
            accounts = Dictionary(try timeBank(before: week).map { ($0.person, $0) }, uniquingKeysWith: { a, _ in a })
        } catch { throw error.failure }
        var copy = decoded
        for i in copy.input.people.indices {
            if let a = accounts[copy.input.people[i].id] { copy.input.people[i].servedMinutesToDate = a.minutesBefore + a.minutesDone }
        }
        let known = Set(decoded.input.pastServices.map { $0.resident + "\u{1}" + $0.person })
        let people = Set(decoded.input.people.map(\.id))
        for p in past where !known.contains(p.resident + "\u{1}" + p.person) && people.contains(p.person) {
            copy.input.pastServices.append(ResidentService(resident: p.resident, person: p.person, services: p.services))
        }
        return copy
    }

    public func latestPlan(of input: PlanningInput) throws(KeeperFailure) -> PlanDocument? {
        guard let week = Self.weekKey(input) else { return nil }
        let latest: (number: Int, plan: String)?
        do { latest = try latestRound(week: week) } catch { throw error.failure }
        guard let latest else { return nil }
        do { return try PlanReader.read(Array(latest.plan.utf8)) } catch {
            throw KeeperFailure(.invalidInput, "the store \(path) holds a round \(latest.number) plan of the week of \(week) that cannot be read: \(error)")
        }
    }

    public func keepFirstPlan(_ plan: Plan, text: String, input: PlanningInput, inputText: String) throws(KeeperFailure) {
        do { try saveFirstPlan(input, inputText: inputText, plan: plan, planText: text) } catch { throw error.failure }
    }

    public func keepRound(_ plan: Plan, text: String, input: PlanningInput, inputText: String, previousRound: Int,
                          responses: OrderResponses) throws(KeeperFailure) {
        do { try saveRound(input, inputText: inputText, previousRound: previousRound, responses: responses, plan: plan, planText: text) }
        catch { throw error.failure }
    }
}
