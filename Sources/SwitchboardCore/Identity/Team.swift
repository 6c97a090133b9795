/// Agents who share a kind of work; tickets are assigned to a team as well as, or instead of,
/// one agent.
public struct Team: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// Agent ids, ascending.
    public var members: [Int64]

    public init(id: Int64, name: String, members: [Int64]) {
        self.id = id
        self.name = name
        self.members = members
    }
}
