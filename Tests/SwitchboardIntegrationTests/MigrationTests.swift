import Foundation
import PostgresNIO
import Testing
import SwitchboardApp
import SwitchboardPostgres

@Suite("Migrations")
struct MigrationTests {
    @Test("applied in order once, recorded with checksums; re-running applies nothing")
    func appliesOnce() async throws {
        let name = try await TestEnvironment.createDatabase()
        let config = try TestEnvironment.config(database: name)
        let first = try await Commands.migrate(config, logger: TestEnvironment.logger)
        let files = try Migration.load(from: config.migrationsDirectory)
        #expect(first.applied == files.map(\.name))
        let second = try await Commands.migrate(config, logger: TestEnvironment.logger)
        #expect(second.applied.isEmpty)
        #expect(second.alreadyApplied == files.count)
        try await TestEnvironment.withAdminConnection(database: name) { connection in
            let rows = try await connection.query("SELECT name, checksum FROM schema_migrations ORDER BY version", logger: TestEnvironment.logger)
            var recorded: [(String, String)] = []
            for try await row in rows.decode((String, String).self) { recorded.append(row) }
            #expect(recorded.map(\.0) == files.map(\.name))
            #expect(recorded.map(\.1) == files.map(\.checksum))
        }
    }

    @Test("a migration changed after it was applied is refused with a clear error")
    func changedFileRefused() async throws {
        let name = try await TestEnvironment.createDatabase()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("0001_first.sql")
        try "CREATE TABLE first_table (id int);".write(to: file, atomically: true, encoding: .utf8)
        let config = try TestEnvironment.config(database: name, ["SB_MIGRATIONS_DIR": directory.path])
        _ = try await Commands.migrate(config, logger: TestEnvironment.logger)

        try "CREATE TABLE first_table (id bigint);".write(to: file, atomically: true, encoding: .utf8)
        let error = await #expect(throws: MigrationError.self) { try await Commands.migrate(config, logger: TestEnvironment.logger) }
        #expect(error?.description.contains("0001_first.sql was changed after it was applied") == true)

        // A failing migration rolls back whole and names itself.
        try "CREATE TABLE first_table (id int);".write(to: file, atomically: true, encoding: .utf8)
        try "CREATE TABLE second_table (id int); SELECT no_such_function();".write(
            to: directory.appendingPathComponent("0002_broken.sql"), atomically: true, encoding: .utf8)
        let broken = await #expect(throws: MigrationError.self) { try await Commands.migrate(config, logger: TestEnvironment.logger) }
        #expect(broken?.description.contains("0002_broken.sql failed") == true)
        try await TestEnvironment.withAdminConnection(database: name) { connection in
            let rows = try await connection.query("SELECT to_regclass('second_table') IS NULL", logger: TestEnvironment.logger)
            for try await missing in rows.decode(Bool.self) { #expect(missing) }
        }
    }

    @Test("ten nodes starting at once against an empty database migrate exactly once")
    func concurrentNodes() async throws {
        let name = try await TestEnvironment.createDatabase()
        let environment = TestEnvironment.nodeEnvironment(database: name)
        let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
            for _ in 0..<10 {
                group.addTask { try await NodeProcess.runToCompletion(["migrate"], environment: environment) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.output))")
        let files = try Migration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("Migrations"))
        let appliedLines = results.flatMap { $0.output.split(separator: "\n").filter { $0.contains("  applied ") } }
        #expect(appliedLines.count == files.count, "each migration applied by exactly one node")
        try await TestEnvironment.withAdminConnection(database: name) { connection in
            let rows = try await connection.query("SELECT count(*) FROM schema_migrations", logger: TestEnvironment.logger)
            for try await count in rows.decode(Int64.self) { #expect(count == Int64(files.count)) }
        }
    }
}
