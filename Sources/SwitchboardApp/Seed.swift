import Foundation
import Logging
import PostgresNIO
import SwitchboardCore
import SwitchboardICU
import SwitchboardPostgres

/// Fills a tenant with realistic tickets for benchmarks: Korean and English subjects and
/// bodies, every status and priority, spread over the tenant's departments and the past year.
/// Written in batches by PostgreSQL itself, so a million tickets take about a minute.
enum Seed {
    static let subjects = [
        "비밀번호를 재설정할 수 없습니다", "The printer on the third floor does not print", "결제가 두 번 청구되었습니다",
        "Cannot log in after the update", "배송 조회가 되지 않습니다", "Invoice shows the wrong VAT number",
        "앱이 시작할 때 멈춥니다", "Request to change the delivery address", "환불 요청드립니다",
        "Two-factor codes arrive late", "계정이 잠겼습니다", "Export to CSV times out",
    ]

    static let bodies = [
        "안녕하세요, 어제부터 로그인하려고 하면 오류가 발생합니다. 확인 부탁드립니다.",
        "Hello, since yesterday the page shows an error whenever I try to sign in. Could you have a look?",
        "주문 번호 2024-1182 건에 대해 문의드립니다. 배송이 일주일째 멈춰 있습니다.",
        "Hi team, our finance department needs a corrected invoice for last month before Friday.",
    ]

    static func run(tenantSlug: String, tickets: Int, config: AppConfig, logger: Logger) async throws -> Int {
        let database = Database(configuration: config.database, logger: logger)
        return try await Commands.withRunningClient(database.client) {
            guard let tenant = try await database.directory.tenant(slug: tenantSlug) else {
                throw CommandError("no tenant with slug \(tenantSlug)")
            }
            let scoped = database.tenant(tenant.id)
            // Search words as the API would index them, one space-separated list per text.
            let searchText = SearchText()
            let subjectWords = subjects.map { searchText.indexWords(in: $0).joined(separator: " ") }
            let bodyWords = bodies.map { searchText.indexWords(in: $0).joined(separator: " ") }
            let batch = 50_000
            var written = 0
            while written < tickets {
                let count = min(batch, tickets - written)
                try await scoped.transaction { transaction in
                    try await transaction.seedTickets(
                        count: count, subjects: subjects, subjectWords: subjectWords, bodies: bodies, bodyWords: bodyWords
                    )
                }
                written += count
                logger.notice("seeded", metadata: ["tickets": "\(written)"])
            }
            return written
        }
    }
}

extension TenantTransaction {
    /// Inserts `count` tickets after the tenant's highest reference, each with a message and a
    /// log entry, and moves the reference counter past them.
    func seedTickets(count: Int, subjects: [String], subjectWords: [String], bodies: [String], bodyWords: [String]) async throws {
        let tenant = tenantID.rawValue
        try await query(
            """
            WITH base AS (
                SELECT COALESCE(max(ref), 0) AS ref FROM tickets
            ), departments AS (
                SELECT array_agg(id ORDER BY id) AS ids FROM departments
            ), rows AS (
                SELECT base.ref + n AS ref,
                       (1 + (n * 7 + (random() * 3)::int) % \(subjects.count))::int AS s,
                       (1 + (base.ref + n) % \(bodies.count))::int AS b,
                       (ARRAY['awaiting_agent','awaiting_user','pending','resolved','closed'])[1 + floor(random() * 5)::int] AS status,
                       (ARRAY['low','normal','normal','normal','high','urgent'])[1 + floor(random() * 6)::int] AS priority,
                       1 + floor(random() * 10)::int AS urgency,
                       CASE WHEN departments.ids IS NULL THEN NULL
                            ELSE departments.ids[1 + floor(random() * cardinality(departments.ids))::int] END AS department_id,
                       now() - random() * interval '365 days' AS updated_at
                FROM base, departments, generate_series(1, \(count)) AS n
            ), inserted AS (
                INSERT INTO tickets (tenant_id, ref, subject, status, priority, urgency, department_id, created_at, updated_at, search)
                SELECT \(tenant), ref, (\(subjects))[s] || ' #' || ref, status, priority, urgency, department_id,
                       updated_at - interval '2 days', updated_at,
                       array_to_tsvector(ARRAY(
                           SELECT \(tenant) || ':' || word
                           FROM unnest(string_to_array((\(subjectWords))[s] || ' ' || ref || ' ' || (\(bodyWords))[b], ' ')) AS word
                       ))
                FROM rows
                RETURNING id, ref, subject, created_at
            ), messages AS (
                INSERT INTO ticket_messages (tenant_id, ticket_id, kind, body, created_at)
                SELECT \(tenant), id, 'reply', (\(bodies))[(1 + ref % \(bodies.count))::int], created_at FROM inserted
            )
            INSERT INTO ticket_log (tenant_id, ticket_id, field, new_value, created_at)
            SELECT \(tenant), id, 'created', subject, created_at FROM inserted
            """
        )
        try await query(
            """
            INSERT INTO tenant_counters (tenant_id, name, value) SELECT \(tenant), 'ticket_ref', max(ref) FROM tickets
            ON CONFLICT (tenant_id, name) DO UPDATE SET value = GREATEST(tenant_counters.value, EXCLUDED.value)
            """
        )
    }
}
