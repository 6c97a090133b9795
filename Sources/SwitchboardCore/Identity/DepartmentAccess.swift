/// How far an agent may go with a department's tickets.
public enum DepartmentAccessLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The tickets do not exist for them.
    case none
    /// Read only.
    case view
    /// Read, reply, change.
    case full

    private var rank: Int {
        switch self {
        case .none: 0
        case .view: 1
        case .full: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// An agent's access to every department, from their own grants and their permission groups.
///
/// Tickets in no department are open to every agent; administrators have full access to all.
public struct DepartmentAccess: Sendable, Hashable {
    public var isUnrestricted: Bool
    public var levels: [Int64: DepartmentAccessLevel]

    public init(isUnrestricted: Bool = false, levels: [Int64: DepartmentAccessLevel] = [:]) {
        self.isUnrestricted = isUnrestricted
        self.levels = levels
    }

    public static let unrestricted = DepartmentAccess(isUnrestricted: true)

    public func level(for departmentID: Int64?) -> DepartmentAccessLevel {
        guard !isUnrestricted, let departmentID else { return .full }
        return levels[departmentID] ?? .none
    }

    public func canView(_ departmentID: Int64?) -> Bool { level(for: departmentID) >= .view }
    public func canChange(_ departmentID: Int64?) -> Bool { level(for: departmentID) == .full }

    /// The departments whose tickets may be listed; nil when all may.
    public var viewable: [Int64]? {
        isUnrestricted ? nil : levels.filter { $0.value >= .view }.keys.sorted()
    }
}
