/// A tenant's refinement of one of the five statuses ("awaiting agent: escalated to
/// billing"). A ticket carries at most one, of the status it is in.
public struct TicketSubstatus: Sendable, Hashable, Codable {
    public var id: Int64
    public var status: Ticket.Status
    public var name: String
    /// Order within its status, lowest first.
    public var position: Int

    public init(id: Int64, status: Ticket.Status, name: String, position: Int) {
        self.id = id
        self.status = status
        self.name = name
        self.position = position
    }
}
