/// A solver-neutral mixed-integer linear program: columns, rows, and a sparse matrix of
/// (row, column, value) entries. Only the GLPK backend turns it into GLPK's 1-based arrays.
public struct LinearProgram: Sendable {
    public enum Kind: Sendable { case continuous, integer, binary }

    public struct Column: Sendable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var kind: Kind
        public var objective: Double
    }

    public struct Row: Sendable {
        public var name: String
        public var lower: Double
        public var upper: Double
    }

    public var name = "liandong"
    public var maximize = true
    public var objectiveConstant = 0.0
    public private(set) var columns: [Column] = []
    public private(set) var rows: [Row] = []
    public private(set) var entryRow: [Int32] = []
    public private(set) var entryColumn: [Int32] = []
    public private(set) var entryValue: [Double] = []

    public init() {}

    public var entryCount: Int { entryValue.count }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(_ name: String, kind: Kind = .binary, lower: Double = 0, upper: Double = 1, objective: Double = 0) -> Int {
        columns.append(Column(name: name, lower: lower, upper: upper, kind: kind, objective: objective))
        return columns.count - 1
    }

    /// Adds `lower ≤ Σ coefficient·column ≤ upper` (use ±.infinity for a missing side).
    @discardableResult
    public mutating func addRow(_ name: String, _ terms: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity) -> Int {
        let r = rows.count
        rows.append(Row(name: name, lower: lower, upper: upper))
        for (c, v) in terms where v != 0 {
            precondition(c >= 0 && c < columns.count, "column index out of range")
            entryRow.append(Int32(r)); entryColumn.append(Int32(c)); entryValue.append(v)
        }
        return r
    }

    public mutating func setObjective(_ column: Int, _ value: Double) { columns[column].objective = value }
    public mutating func fix(_ column: Int, to value: Double) { columns[column].lower = value; columns[column].upper = value }

    /// Turns max f into the equivalent min −f (or back).
    public mutating func negateObjective() {
        maximize.toggle()
        objectiveConstant = -objectiveConstant
        for j in columns.indices { columns[j].objective = -columns[j].objective }
    }

    /// The objective of a point.
    public func objective(at x: [Double]) -> Double {
        zip(columns, x).reduce(objectiveConstant) { $0 + $1.0.objective * $1.1 }
    }

    /// Checks the model's invariants (debug and tests).
    func _checkInvariants() {
        for c in columns { precondition(c.lower <= c.upper, "column \(c.name) has empty bounds") }
        for r in rows { precondition(r.lower <= r.upper, "row \(r.name) has empty bounds") }
        precondition(entryRow.count == entryColumn.count && entryColumn.count == entryValue.count)
    }
}
