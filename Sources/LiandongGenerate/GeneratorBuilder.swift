import Liandong
/// The state of one generation: places, organizations, people and needs by index, with the
/// side tables the later steps need. Every list is built in index order; lookups by id go
/// through dictionaries, but nothing iterates one.
struct GeneratorBuilder {
    let scale: Scale
    let seed: Int
    var rng: GeneratorRandom

    /// Round-trip travel minutes per km (the contract's example value).
    static let minutesPerKm = 4.0

    struct Street {
        var id: String
        var name: String
        var district: Int
        var communities: [Int] = []
        var center = Location(x: 0, y: 0)
    }

    struct District {
        var name: String
        var streets: [Int] = []
    }

    struct Org {
        var id: String
        var name: String
        var kind: String
        var street: Int
        var maxOrders: Int?
        /// Community indices its people may serve; nil = anywhere.
        var communities: [Int]?
        var theme: Vocabulary.Theme?
        var base: Int
        var members: [Int] = []
    }

    /// What a person is in the week's story; decides availability and skills.
    enum Kind: Equatable {
        case professional  // social worker of a street station or a district agency
        case communityWorker  // certified community worker (social worker, part-time)
        case communityVolunteer  // uncertified community worker, serving as a volunteer
        case member(Vocabulary.Theme)  // volunteer of a team or of the health organization
    }

    var districts: [District] = []
    var streets: [Street] = []
    var communities: [Community] = []
    var communityStreet: [Int] = []
    var orgs: [Org] = []
    var people: [Person] = []
    var personKind: [Kind] = []
    var personStreet: [Int] = []
    var personOrg: [Int?] = []
    var personHome: [Int] = []
    /// Communities each person may serve (nil = anywhere), for the generator's own checks.
    var personAllowed: [Set<Int>?] = []
    /// Per person, flat for fast filtering: skills as a bit mask (``Vocabulary/mask(_:)``),
    /// role, level rank (−1 for none), insurance.
    var personSkills: [UInt32] = []
    var personRole: [Role] = []
    var personLevel: [Int] = []
    var personInsured: [Bool] = []
    /// Per person and day (index `p * 7 + day`): the 30-minute slots they are free in, as bits.
    var freeSlots: [UInt64] = []
    /// Per community: the people who may serve it, in index order.
    var servers: [[Int]] = []
    /// Pools already computed, by community and position (``pool(for:in:position:)``).
    var poolCache: [PoolKey: [Int]] = [:]

    struct PoolKey: Hashable {
        var community: Int
        var role: PositionRole
        var skills: UInt32
        var minLevel: Int
        var risky: Bool
    }
    /// Per street: how many people of each kind it gets, and its volunteer teams.
    var plans: [StreetPlan] = []
    var needs: [Need] = []
    var needCommunity: [Int] = []
    var needTemplate: [Int] = []
    var pairs: [Pair] = []
    var declined: [Decline] = []
    /// Per need: people forbidden by a decline (directly or through their organization).
    var declinedPeople: [Set<Int>] = []

    init(scale: Scale, seed: Int) {
        self.scale = scale
        self.seed = seed
        let salt: UInt64 = switch scale {
        case .community: 0x636F_6D6D_756E_6974
        case .street: 0x7374_7265_6574_0000
        case .district: 0x6469_7374_7269_6374
        case .city: 0x6369_7479_0000_0000
        }
        rng = GeneratorRandom(seed: seed, salt: salt)
    }

    mutating func build() -> PlanningInput {
        makePlaces()
        makeOrganizations()
        makePeople()
        makeNeeds()
        calibrateBudgets()
        setOrderCaps()
        addPreferred()
        addExclusionsDeclinesAndPairs()
        markRequired()
        return PlanningInput(
            horizon: Horizon(start: "2026-11-23", days: 7, slotMinutes: 30),
            communities: communities,
            organizations: orgs.map { org in
                Organization(id: org.id, name: org.name, kind: org.kind, maxOrders: org.maxOrders,
                             communities: org.communities.map { $0.map { communities[$0].id } })
            },
            people: people,
            needs: needs,
            pairs: pairs,
            pinned: [],
            declined: declined,
            travel: Travel(minutesPerKm: Self.minutesPerKm),
            solver: SolverSettings(backend: .auto, timeLimitSeconds: scale.timeLimitSeconds, mipGap: 0,
                                   seed: Generator.solverSeed(seed)))
    }

    // MARK: - Places

    /// Streets on a grid of 4.8 km blocks, each street's communities on a local grid of
    /// 1.1 km with some jitter; districts are runs of 8 neighbouring streets.
    mutating func makePlaces() {
        let streetCount = scale.streetCount
        let districtCount = (streetCount + scale.streetsPerDistrict - 1) / scale.streetsPerDistrict
        var districtNames = rng.shuffled(Vocabulary.districts)
        if scale.streetCount == 1 { districtNames = ["莱州市"] }
        districts = (0..<districtCount).map { District(name: districtNames[$0 % districtNames.count]) }

        var streetNames: [String] = []
        for a in Vocabulary.streetFirst { for b in Vocabulary.streetSecond where a != b { streetNames.append(String(a) + String(b) + "路街道") } }
        rng.shuffle(&streetNames)
        if scale == .community { streetNames[0] = "文昌路街道" }
        var communityNames: [String] = []
        for a in Vocabulary.communityFirst { for b in Vocabulary.communitySecond where a != b { communityNames.append(String(a) + String(b) + "社区") } }
        rng.shuffle(&communityNames)

        var gridColumns = 1
        while gridColumns * gridColumns < streetCount { gridColumns += 1 }
        let block = 4.8
        for s in 0..<streetCount {
            // Snake order keeps consecutive streets (and so districts) next to each other.
            let row = s / gridColumns
            let col = row % 2 == 0 ? s % gridColumns : gridColumns - 1 - s % gridColumns
            let district = s * districtCount / streetCount
            var street = Street(id: "s" + zeroPadded(s + 1, 2), name: streetNames[s % streetNames.count], district: district)
            districts[district].streets.append(s)
            let k = rng.int(in: scale.communitiesPerStreet)
            let localColumns = k <= 4 ? 2 : (k <= 9 ? 3 : 4)
            let originX = Double(col) * block, originY = Double(row) * block
            var sumX = 0.0, sumY = 0.0
            for j in 0..<k {
                let c = communities.count
                let x = originX + 0.5 + Double(j % localColumns) * 1.1 + rng.uniform(-0.35, 0.35)
                let y = originY + 0.5 + Double(j / localColumns) * 1.1 + rng.uniform(-0.35, 0.35)
                let location = Location(x: Self.round2(max(0, x)), y: Self.round2(max(0, y)))
                let id = "c" + zeroPadded(c + 1, 3)
                communities.append(Community(id: id, name: communityNames[c % communityNames.count],
                                             partyOrganization: id + "-party", location: location))
                communityStreet.append(s)
                street.communities.append(c)
                sumX += location.x; sumY += location.y
            }
            street.center = Location(x: sumX / Double(k), y: sumY / Double(k))
            // A third of the streets have a joint party committee (联合党委) over 3–5 neighbouring
            // communities, which then dispatches their orders together.
            if rng.chance(1.0 / 3.0) {
                let size = min(k, rng.int(in: 3...5))
                let first = street.communities[rng.int(k)]
                for c in nearest(to: first, among: street.communities).prefix(size) {
                    communities[c].partyOrganization = street.id + "-joint"
                }
            }
            streets.append(street)
        }
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    func distance(_ a: Location, _ b: Location) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }

    func distance(community a: Int, _ b: Int) -> Double {
        distance(communities[a].location!, communities[b].location!)
    }

    /// `among`, nearest to community `c` first (ties by index).
    func nearest(to c: Int, among list: [Int]) -> [Int] {
        list.map { ($0, distance(community: c, $0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    /// The exact travel minutes the engine derives (contract, precise rule 3).
    func travelMinutes(person p: Int, need n: Int) -> Int {
        let km = distance(community: personHome[p], needCommunity[n])
        return Int((2 * Self.minutesPerKm * km).rounded(.up))
    }

    /// The street nearest to street `s` (by centre), for teams that also serve next door.
    func neighbourStreet(of s: Int) -> Int? {
        streets.indices.filter { $0 != s }
            .map { ($0, distance(streets[s].center, streets[$0].center)) }
            .min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    // MARK: - Organizations

    /// Per street: its social-work station (街道社工站), its health organization, volunteer
    /// teams (made when people are), and at district and city scale a community-organization
    /// federation for community workers; per district, two agencies serving several streets each.
    mutating func makeOrganizations() {
        let multiStreet = scale.streetCount > 1
        for (d, district) in districts.enumerated() where multiStreet {
            // Two agencies per district, each over half of its streets.
            let halves = [Array(district.streets.prefix((district.streets.count + 1) / 2)),
                          Array(district.streets.dropFirst((district.streets.count + 1) / 2))].filter { !$0.isEmpty }
            for (h, served) in halves.enumerated() {
                let brand = Vocabulary.agencyBrands[(d * 2 + h) % Vocabulary.agencyBrands.count]
                orgs.append(Org(id: "d" + zeroPadded(d + 1, 1) + "-agency" + String(h + 1),
                                name: district.name + brand + "社会工作服务中心", kind: "socialWorkAgency",
                                street: served[0], communities: served.flatMap { streets[$0].communities },
                                base: streets[served[0]].communities[0]))
            }
        }
        let peoplePerStreet = apportion(scale.peopleCount, weights: streets.map { Double($0.communities.count) * rng.uniform(0.85, 1.15) })
        for (s, street) in streets.enumerated() {
            let short = String(street.name.prefix(2))
            orgs.append(Org(id: street.id + "-station", name: short + "街道社会工作服务站", kind: "socialWorkAgency",
                            street: s, communities: street.communities, base: street.communities[0]))
            orgs.append(Org(id: street.id + "-health", name: short + "家有“医”靠健康服务社", kind: "communityOrganization",
                            street: s, communities: street.communities, theme: .health, base: street.communities[rng.int(street.communities.count)]))
            if multiStreet {
                orgs.append(Org(id: street.id + "-union", name: short + "街道社区社会组织联合会", kind: "communityOrganization",
                                street: s, communities: street.communities, base: street.communities[0]))
            }
            plans.append(planStreet(s, people: peoplePerStreet[s]))
        }
    }

    /// The organization of street `s` with this id suffix.
    func org(street s: Int, _ suffix: String) -> Int? {
        let id = streets[s].id + "-" + suffix
        return orgs.firstIndex { $0.id == id }
    }

    /// The district agency whose communities include street `s`'s.
    func agency(serving s: Int) -> Int? {
        let c = streets[s].communities[0]
        return orgs.firstIndex { $0.kind == "socialWorkAgency" && $0.id.hasPrefix("d") && ($0.communities?.contains(c) ?? false) }
    }
}
