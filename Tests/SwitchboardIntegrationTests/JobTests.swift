import Foundation
import Logging
import Synchronization
import Testing
import SwitchboardApp
import SwitchboardCore
import SwitchboardPostgres

/// Durable jobs: written with the change that needs them, run once by one of several workers
/// close to their time, taken over when a worker dies, retried, and shown to administrators
/// when they fail for good.
@Suite("Background jobs")
struct JobTests {
    /// What the test handlers saw: job id, worker, when.
    final class Runs: Sendable {
        let storage = Mutex<[(Int64, String, Date)]>([])
        func record(_ job: ClaimedJob, worker: String) { storage.withLock { $0.append((job.id, worker, Date())) } }
        var all: [(Int64, String, Date)] { storage.withLock { $0 } }
    }

    /// A value shared between a test and the tasks it starts.
    final class Shared<Value: Sendable>: Sendable {
        let storage: Mutex<Value>
        init(_ value: Value) { storage = Mutex(value) }
        var value: Value {
            get { storage.withLock { $0 } }
            set { storage.withLock { $0 = newValue } }
        }
        func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
    }

    /// A migrated database with tenant alpha, its pool running, for `body`.
    static func withDatabase(_ body: @Sendable @escaping (Database, Tenant.ID) async throws -> Void) async throws {
        let config = try await TestEnvironment.migratedDatabase()
        try await Fixtures.apply(PermissionProbeTests.alphaManifest(), config: config)
        let database = Database(configuration: config.database, logger: TestEnvironment.logger)
        try await Fixtures.withRunning(database) {
            let tenant = try await database.directory.tenant(slug: "alpha")
            try await body(database, try #require(tenant).id)
        }
    }

    /// Runs workers named `names` until `done` holds (or `timeout`), then stops them.
    static func runWorkers(
        _ names: [String], database: Database, handlers: JobHandlers, retryBase: Duration = .milliseconds(50), timeout: Duration = .seconds(60),
        until done: @Sendable @escaping () async throws -> Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                let worker = JobWorker(database: database, handlers: handlers, name: name, retryBase: retryBase, logger: TestEnvironment.logger)
                group.addTask { try await worker.run() }
            }
            let deadline = ContinuousClock.now + timeout
            while try await !done(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            group.cancelAll()
        }
    }

    @Test("delayed jobs run once each, on one of three workers, within a second of their time; a rolled-back one never")
    func onceOnTime() async throws {
        try await Self.withDatabase { database, tenant in
            let runs = Runs()
            var handlers = JobHandlers()
            handlers.register("test.record") { job, _ in runs.record(job, worker: "") }
            // Workers run while jobs arrive, each due 0.5 to 2 seconds after it is written.
            let due = Shared<[Int64: Date]>([:])
            let written = Shared(false)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await database.tenant(tenant).transaction { transaction in
                    try await transaction.enqueueJob(kind: "test.record", payload: #"{"never":true}"#)
                    throw Refused()
                }
            }
            // A key that is still waiting makes a second enqueue a no-op.
            let soon = Date().addingTimeInterval(60)
            let first = try await database.tenant(tenant).transaction { try await $0.enqueueJob(kind: "test.later", runAt: soon, dedupeKey: "once") }
            let second = try await database.tenant(tenant).transaction { try await $0.enqueueJob(kind: "test.later", runAt: soon, dedupeKey: "once") }
            #expect(first != nil && second == nil)

            let registered = handlers
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Self.runWorkers(["w1", "w2", "w3"], database: database, handlers: registered) {
                        written.value && runs.all.count >= due.value.count
                    }
                }
                for index in 0..<300 {
                    let runAt = Date().addingTimeInterval(0.5 + Double(index % 16) / 10)
                    let id = try await database.tenant(tenant).transaction { try await $0.enqueueJob(kind: "test.record", runAt: runAt) }
                    due.update { $0[id ?? 0] = runAt }
                }
                written.value = true
                try await group.waitForAll()
            }
            let all = runs.all
            let expected = due.value
            #expect(all.count == expected.count)
            #expect(Set(all.map(\.0)) == Set(expected.keys))
            let late = all.map { $0.2.timeIntervalSince(expected[$0.0] ?? .distantPast) }
            #expect(late.allSatisfy { $0 >= -0.05 && $0 < 1 }, "latest: \(late.max() ?? 0) s")
            let left = try await database.tenant(tenant).transaction { try await $0.jobs(state: nil, after: nil, limit: 10) }
            #expect(left.map(\.kind) == ["test.later"])
        }
    }

    @Test("a worker that dies leaves its job to another once the lease runs out, and cannot finish it late")
    func takeover() async throws {
        try await Self.withDatabase { database, tenant in
            let runs = Runs()
            var handlers = JobHandlers()
            handlers.register("test.record") { job, _ in runs.record(job, worker: "") }
            let id = try #require(try await database.tenant(tenant).transaction { try await $0.enqueueJob(kind: "test.record") })
            let held = try await database.claimJobs(worker: "ghost", limit: 10, lease: .seconds(1))
            #expect(held.map(\.id) == [id])
            let taken = Date()
            try await Self.runWorkers(["survivor"], database: database, handlers: handlers) { runs.all.count == 1 }
            #expect(runs.all.map(\.0) == [id])
            #expect(runs.all[0].2.timeIntervalSince(taken) >= 0.9)
            let late = try await database.tenant(tenant).transaction { try await $0.completeJob(id, worker: "ghost") }
            #expect(!late)
        }
    }

    @Test("a failing job is retried with growing delays, then waits, failed, for an administrator to retry it")
    func retries() async throws {
        try await Self.withDatabase { database, tenant in
            let runs = Runs()
            let healed = Shared(false)
            struct Broken: Error, CustomStringConvertible { var description: String { "the mail server said no" } }
            var handlers = JobHandlers()
            handlers.register("test.flaky") { job, _ in
                runs.record(job, worker: "")
                if !healed.value { throw Broken() }
            }
            let id = try #require(try await database.tenant(tenant).transaction { try await $0.enqueueJob(kind: "test.flaky", maxAttempts: 3) })
            try await Self.runWorkers(["w1", "w2"], database: database, handlers: handlers) {
                try await database.tenant(tenant).transaction { try await $0.job(id: id) }?.state == .failed
            }
            let failed = try #require(try await database.tenant(tenant).transaction { try await $0.job(id: id) })
            #expect(failed.state == .failed)
            #expect(failed.attempts == 3)
            #expect(failed.lastError == "the mail server said no")
            let times = runs.all.map(\.2)
            #expect(times.count == 3)
            // 50 ms, then 100 ms.
            #expect(times[1].timeIntervalSince(times[0]) >= 0.05)
            #expect(times[2].timeIntervalSince(times[1]) >= 0.1)

            healed.value = true
            #expect(try await database.tenant(tenant).transaction { try await $0.retryJob(id: id) }?.state == .queued)
            try await Self.runWorkers(["w1"], database: database, handlers: handlers) { runs.all.count == 4 }
            #expect(try await database.tenant(tenant).transaction { try await $0.job(id: id) } == nil)
        }
    }

    @Test("a follow-up reminds its agent at its time through a notification; administrators see the job meanwhile")
    func followUps() async throws {
        try await PermissionProbeTests.withTenants { node in
            let host = "alpha.sb.test"
            let admin = PermissionProbeTests.admin
            let created = try await node.request(.POST, "/api/v1/tickets", host: host, headers: admin, json: #"{"subject":"Call back","body":"text"}"#)
            let ref = try #require(created.json["ref"] as? Int)
            for bad in [#"{}"#, #"{"dueAt":"2001-01-01T00:00:00Z"}"#, #"{"inMinutes":0}"#, #"{"inMinutes":5,"dueAt":"2099-01-01T00:00:00Z"}"#] {
                #expect(try await node.request(.POST, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin, json: bad).status == 422, "\(bad)")
            }
            let due = Date().addingTimeInterval(1.5).formatted(.iso8601)
            let scheduled = try await node.request(.POST, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin,
                                                   json: #"{"dueAt":"\#(due)","note":"Ring the customer"}"#)
            #expect(scheduled.status == 201, "\(scheduled.body)")
            let cancelled = try await node.request(.POST, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin, json: #"{"inMinutes":30,"note":"Never"}"#)
            let cancelledID = try #require(cancelled.json["id"] as? Int)
            #expect(try await node.request(.DELETE, "/api/v1/tickets/\(ref)/follow-ups/\(cancelledID)", host: host, headers: admin).status == 204)
            let later = try await node.request(.POST, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin, json: #"{"inMinutes":60,"note":"Later"}"#)
            let pending = try await node.request(.GET, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin)
            #expect((pending.json["followUps"] as? [[String: Any]])?.compactMap { $0["note"] as? String }.contains("Later") == true)
            let jobs = try await node.request(.GET, "/api/v1/jobs?state=queued", host: host, headers: admin)
            #expect((jobs.json["jobs"] as? [[String: Any]])?.contains { $0["id"] as? Int == later.json["id"] as? Int } == true, "\(jobs.body)")
            #expect(try await node.request(.GET, "/api/v1/jobs", host: host, headers: PermissionProbeTests.limited).status == 403)

            var notes: [String] = []
            let deadline = Date().addingTimeInterval(10)
            while notes.isEmpty, Date() < deadline {
                try await Task.sleep(for: .milliseconds(200))
                let list = try await node.request(.GET, "/api/v1/notifications", host: host, headers: admin)
                notes = (list.json["notifications"] as? [[String: Any]])?.filter { $0["kind"] as? String == "follow_up" }.compactMap { $0["note"] as? String } ?? []
            }
            #expect(notes == ["Ring the customer"])
            let after = try await node.request(.GET, "/api/v1/tickets/\(ref)/follow-ups", host: host, headers: admin)
            #expect((after.json["followUps"] as? [[String: Any]])?.compactMap { $0["note"] as? String } == ["Later"])
            let log = try await node.request(.GET, "/api/v1/tickets/\(ref)/log", host: host, headers: admin)
            #expect(log.body.contains(#""field":"follow_up""#))
        }
    }
}
