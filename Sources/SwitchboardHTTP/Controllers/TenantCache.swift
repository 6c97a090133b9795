import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardPostgres

/// Something of each tenant's that many requests need and that changes rarely (field
/// definitions, triggers), kept on the node for a few seconds. The node that changes it
/// forgets its copy at once; other nodes pick the change up within `lifetime`.
public final class TenantCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[Tenant.ID: Entry]>([:])
    let lifetime: Duration
    private let load: @Sendable (TenantTransaction) async throws -> Value

    public init(lifetime: Duration = .seconds(5), load: @escaping @Sendable (TenantTransaction) async throws -> Value) {
        self.lifetime = lifetime
        self.load = load
    }

    func value(tenant: Tenant.ID, in transaction: TenantTransaction) async throws -> Value {
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[tenant] }), entry.expires > now { return entry.value }
        let value = try await load(transaction)
        entries.withLockedValue { $0[tenant] = Entry(value: value, expires: now + lifetime) }
        return value
    }

    /// The value kept here, unless it has expired (or was never read).
    func cached(tenant: Tenant.ID) -> Value? {
        guard let entry = entries.withLockedValue({ $0[tenant] }), entry.expires > ContinuousClock.now else { return nil }
        return entry.value
    }

    func forget(_ tenant: Tenant.ID) {
        _ = entries.withLockedValue { $0.removeValue(forKey: tenant) }
    }
}

/// Each tenant's ticket field definitions: every ticket create needs them.
public typealias CustomFieldCache = TenantCache<[CustomField]>

extension TenantCache where Value == [CustomField] {
    public convenience init() {
        self.init { try await $0.customFields(entity: .ticket) }
    }
}

/// Each tenant's triggers, ready to run: every ticket event needs them.
public typealias TriggerCache = TenantCache<TriggerSet>

extension TenantCache where Value == TriggerSet {
    public convenience init() {
        self.init { TriggerSet(try await $0.triggers().map { ($0.id, $0.trigger) }) }
    }
}
