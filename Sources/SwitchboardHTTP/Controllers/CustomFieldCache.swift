import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardPostgres

/// Each tenant's ticket field definitions, kept on the node for a few seconds: every ticket
/// create needs them and they change rarely. The node that changes them forgets its copy at
/// once; other nodes pick the change up within `lifetime`.
public final class CustomFieldCache: Sendable {
    private struct Entry {
        var fields: [CustomField]
        var expires: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[Tenant.ID: Entry]>([:])
    let lifetime: Duration

    public init(lifetime: Duration = .seconds(5)) {
        self.lifetime = lifetime
    }

    func ticketFields(tenant: Tenant.ID, in transaction: TenantTransaction) async throws -> [CustomField] {
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[tenant] }), entry.expires > now { return entry.fields }
        let fields = try await transaction.customFields(entity: .ticket)
        entries.withLockedValue { $0[tenant] = Entry(fields: fields, expires: now + lifetime) }
        return fields
    }

    /// The fields kept here, unless they have expired (or were never read).
    func cachedTicketFields(tenant: Tenant.ID) -> [CustomField]? {
        guard let entry = entries.withLockedValue({ $0[tenant] }), entry.expires > ContinuousClock.now else { return nil }
        return entry.fields
    }

    func forget(_ tenant: Tenant.ID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: tenant) }
    }
}
