import Foundation
import SwitchboardCore
import Yams

/// Reads a tenant manifest from YAML, remembering the line of every field so that each
/// problem can be reported as `file:line: field: message`.
///
/// ```yaml
/// slug: demo
/// name: Demo Helpdesk
/// locale: en
/// time_zone: Europe/London
/// domains:
///   - hostname: help.demo.example
///     verified: true
/// brands:
///   - name: Demo
///     default: true
/// departments:
///   - name: Support
/// agents:
///   - email: admin@demo.example
///     name: Ada Admin
///     password: change-me-please     # initial only; omit to generate one
///     scopes: [read, write, admin]
///     departments: [Support]        # works on these tickets
///     view_departments: [Billing]   # may only read these
/// permission_groups:
///   - name: Billing leads
///     departments: [Billing]
///     view_departments: [Support]
///     members: [admin@demo.example]
/// api_keys:
///   - name: integration
///     agent: admin@demo.example
///     scopes: [read, write]
///     key: sbk_...                     # initial only; omit to generate one
/// ```
public struct ManifestParser {
    public struct Parsed: Sendable {
        public var manifest: TenantManifest
        /// Line of each field path (`agents[0].email`), for error messages.
        public var lines: [String: Int]

        public init(manifest: TenantManifest, lines: [String: Int]) {
            self.manifest = manifest
            self.lines = lines
        }

        public func line(of path: String) -> Int? {
            var candidate = path
            while true {
                if let line = lines[candidate] { return line }
                guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
                candidate = String(candidate[..<cut])
            }
        }
    }

    /// Parse and validation failures, each with file, line and field.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var problems: [(line: Int?, path: String, message: String)]

        public var description: String {
            problems.map { problem in
                let location = problem.line.map { "\(file):\($0)" } ?? file
                return problem.path.isEmpty ? "\(location): \(problem.message)" : "\(location): \(problem.path): \(problem.message)"
            }.joined(separator: "\n")
        }
    }

    let file: String
    private var lines: [String: Int] = [:]

    public init(file: String) { self.file = file }

    public static func parse(_ yaml: String, file: String) throws(Failure) -> Parsed {
        var parser = ManifestParser(file: file)
        return try parser.run(yaml)
    }

    private mutating func run(_ yaml: String) throws(Failure) -> Parsed {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { throw fail(nil, "", "the file is empty") }
            root = node
        } catch let failure as Failure {
            throw failure
        } catch let error as YamlError {
            throw fail(Self.line(of: error), "", "not valid YAML: \(Self.reason(of: error))")
        } catch {
            throw fail(nil, "", "not valid YAML: \(error)")
        }
        do {
            let manifest = try manifest(root)
            return Parsed(manifest: manifest, lines: lines)
        } catch let error as ManifestError {
            throw fail(Parsed(manifest: TenantManifest(slug: "", name: ""), lines: lines).line(of: error.path), error.path, error.message)
        } catch {
            throw fail(nil, "", "\(error)")
        }
    }

    private func fail(_ line: Int?, _ path: String, _ message: String) -> Failure {
        Failure(file: file, problems: [(line, path, message)])
    }

    // MARK: - Walking the tree

    private mutating func manifest(_ node: Node) throws -> TenantManifest {
        let fields = try mapping(node, path: "", allowed: [
            "slug", "name", "locale", "time_zone", "domains", "brands", "departments", "agents", "api_keys",
            "business_hours", "formats", "permission_groups",
        ])
        var manifest = TenantManifest(
            slug: try string(fields["slug"], "slug", required: true) ?? "",
            name: try string(fields["name"], "name", required: true) ?? ""
        )
        manifest.locale = try string(fields["locale"], "locale") ?? "en"
        manifest.timeZone = try string(fields["time_zone"], "time_zone") ?? "UTC"
        manifest.domains = try list(fields["domains"], "domains") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["hostname", "verified"])
            return TenantManifest.Domain(
                hostname: try parser.string(f["hostname"], path + ".hostname", required: true) ?? "",
                verified: try parser.bool(f["verified"], path + ".verified") ?? false
            )
        }
        manifest.brands = try list(fields["brands"], "brands") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["name", "default"])
            return TenantManifest.Brand(
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                isDefault: try parser.bool(f["default"], path + ".default") ?? false
            )
        }
        manifest.businessHours = try list(fields["business_hours"], "business_hours") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["name", "default", "time_zone", "week", "holidays"])
            return TenantManifest.BusinessHours(
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                isDefault: try parser.bool(f["default"], path + ".default") ?? false,
                calendar: try parser.calendar(f, path: path)
            )
        }
        if let node = fields["formats"] {
            let f = try mapping(node, path: "formats", allowed: ["date_style", "time_style", "hour_cycle"])
            func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
                guard let text = try string(f[key], "formats.\(key)") else { return nil }
                guard let value = T(rawValue: text) else {
                    throw ManifestError(path: "formats.\(key)", message: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            manifest.formats = DisplayFormats(
                dateStyle: try choice("date_style", DisplayFormats.DateStyle.self) ?? .medium,
                timeStyle: try choice("time_style", DisplayFormats.TimeStyle.self) ?? .short,
                hourCycle: try choice("hour_cycle", DisplayFormats.HourCycle.self) ?? .locale
            )
        }
        manifest.departments = try list(fields["departments"], "departments") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["name", "business_hours"])
            return TenantManifest.Department(
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                businessHours: try parser.string(f["business_hours"], path + ".business_hours")
            )
        }
        manifest.agents = try list(fields["agents"], "agents") { parser, node, path in
            let f = try parser.mapping(
                node, path: path, allowed: ["email", "name", "password", "scopes", "departments", "view_departments", "business_hours"]
            )
            return TenantManifest.Agent(
                email: try parser.string(f["email"], path + ".email", required: true) ?? "",
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                password: try parser.string(f["password"], path + ".password"),
                permissions: try parser.scopes(f["scopes"], path + ".scopes") ?? .agent,
                departments: try parser.strings(f["departments"], path + ".departments"),
                viewDepartments: try parser.strings(f["view_departments"], path + ".view_departments"),
                businessHours: try parser.string(f["business_hours"], path + ".business_hours")
            )
        }
        manifest.permissionGroups = try list(fields["permission_groups"], "permission_groups") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["name", "departments", "view_departments", "members"])
            return TenantManifest.PermissionGroup(
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                departments: try parser.strings(f["departments"], path + ".departments"),
                viewDepartments: try parser.strings(f["view_departments"], path + ".view_departments"),
                members: try parser.strings(f["members"], path + ".members")
            )
        }
        manifest.apiKeys = try list(fields["api_keys"], "api_keys") { parser, node, path in
            let f = try parser.mapping(node, path: path, allowed: ["name", "agent", "scopes", "key"])
            return TenantManifest.APIKey(
                name: try parser.string(f["name"], path + ".name", required: true) ?? "",
                agentEmail: try parser.string(f["agent"], path + ".agent", required: true) ?? "",
                permissions: try parser.scopes(f["scopes"], path + ".scopes") ?? [.read],
                secret: try parser.string(f["key"], path + ".key")
            )
        }
        return manifest
    }

    /// A calendar from its YAML fields, checked by the calendar's own rules; problems come back
    /// at manifest paths (`business_hours[0].week.fri[1].end`).
    private mutating func calendar(_ fields: [String: Node], path: String) throws -> BusinessCalendar {
        var object: [String: Any] = [:]
        if let zone = fields["time_zone"] { object["timeZone"] = json(zone, path: path + ".time_zone") }
        if let week = fields["week"] { object["week"] = json(week, path: path + ".week") }
        if let holidays = fields["holidays"] { object["holidays"] = json(holidays, path: path + ".holidays") }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object) } catch {
            throw ManifestError(path: path, message: "cannot be read as a calendar")
        }
        do {
            return try BusinessCalendar(json: data)
        } catch {
            let field = error.field == "timeZone" ? "time_zone" : error.field
            throw ManifestError(path: field.isEmpty ? path : "\(path).\(field)", message: error.message)
        }
    }

    /// The JSON form of a YAML subtree. Plain `true`/`false` and whole numbers become JSON
    /// booleans and numbers; every other scalar stays text (so `17:30` is a time, not YAML 1.1's
    /// base-60 integer).
    private mutating func json(_ node: Node, path: String) -> Any {
        note(node, path)
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style == .plain {
                if text == "true" { return true }
                if text == "false" { return false }
                if text == "null" || text == "~" || text.isEmpty { return NSNull() }
                if let number = Int(text) { return number }
            }
            return text
        case .sequence(let sequence):
            return sequence.enumerated().map { json($0.element, path: "\(path)[\($0.offset)]") }
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                lines["\(path).\(name)"] = key.mark?.line
                object[name] = json(value, path: "\(path).\(name)")
            }
            return object
        case .alias:
            return NSNull()
        }
    }

    private mutating func note(_ node: Node?, _ path: String) {
        if let line = node?.mark?.line { lines[path] = line }
    }

    private mutating func mapping(_ node: Node, path: String, allowed: Set<String>) throws -> [String: Node] {
        note(node, path)
        guard let mapping = node.mapping else {
            throw ManifestError(path: path.isEmpty ? "(top level)" : path, message: "must be a mapping of fields")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw ManifestError(path: path, message: "field names must be text") }
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            lines[fieldPath] = key.mark?.line ?? value.mark?.line
            guard allowed.contains(name) else {
                throw ManifestError(path: fieldPath, message: "unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = value
        }
        return result
    }

    private func string(_ node: Node?, _ path: String, required: Bool = false) throws -> String? {
        guard let node, !(node.scalar?.tag.description == Tag.Name.null.rawValue) else {
            if required { throw ManifestError(path: path, message: "is required") }
            return nil
        }
        guard let scalar = node.scalar else { throw ManifestError(path: path, message: "must be text") }
        return scalar.string
    }

    private func bool(_ node: Node?, _ path: String) throws -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else { throw ManifestError(path: path, message: "must be true or false") }
        return value
    }

    private mutating func strings(_ node: Node?, _ path: String) throws -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw ManifestError(path: path, message: "must be a list") }
        var result: [String] = []
        for (index, item) in sequence.enumerated() {
            note(item, "\(path)[\(index)]")
            guard let text = item.scalar?.string else { throw ManifestError(path: "\(path)[\(index)]", message: "must be text") }
            result.append(text)
        }
        return result
    }

    private mutating func scopes(_ node: Node?, _ path: String) throws -> Permissions? {
        guard node != nil else { return nil }
        let names = try strings(node, path)
        do { return try Permissions(names: names) } catch { throw ManifestError(path: path, message: "\(error)") }
    }

    private mutating func list<T>(_ node: Node?, _ path: String, _ item: (inout ManifestParser, Node, String) throws -> T) throws -> [T] {
        guard let node else { return [] }
        note(node, path)
        guard let sequence = node.sequence else { throw ManifestError(path: path, message: "must be a list") }
        var result: [T] = []
        for (index, element) in sequence.enumerated() {
            let elementPath = "\(path)[\(index)]"
            note(element, elementPath)
            result.append(try item(&self, element, elementPath))
        }
        return result
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        case .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func reason(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}
