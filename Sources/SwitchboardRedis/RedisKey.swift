/// Redis key names. Tenant keys carry the tenant as a hash tag (`sb:{t42}:...`) so that all of a
/// tenant's keys land in one Redis Cluster slot and multi-key scripts stay legal.
public enum RedisKey {
    public static func tenant(_ tenantID: Int64, _ parts: String...) -> String {
        (["sb:{t\(tenantID)}"] + parts).joined(separator: ":")
    }

    /// Keys that belong to no tenant (cluster-wide coordination).
    public static func global(_ parts: String...) -> String {
        (["sb:global"] + parts).joined(separator: ":")
    }
}
