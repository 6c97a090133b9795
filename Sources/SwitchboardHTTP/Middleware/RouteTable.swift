import HTTPTypes
import NIOConcurrencyHelpers

/// The application's routes, filled in once the router is built, so that a request for a path
/// that exists with another method gets 405 and `Allow` instead of 404.
public final class RouteTable: Sendable {
    private let routes = NIOLockedValueBox<[(method: HTTPRequest.Method, components: [Substring])]>([])

    public init() {}

    /// Records every route; `path` is in the router's form (`/api/v1/tickets/{ref}`).
    public func record(_ entries: [(method: HTTPRequest.Method, path: String)]) {
        let parsed = entries.map { ($0.method, $0.path.split(separator: "/")) }
        routes.withLockedValue { $0 = parsed }
    }

    /// The methods `path` answers to; empty when no route has that path. Like the router, a
    /// literal segment wins over a parameter (`/business-hours/effective` is not `{id}`).
    public func methods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/")
        func isParameter(_ pattern: Substring) -> Bool { (pattern.hasPrefix("{") && pattern.hasSuffix("}")) || pattern.hasPrefix(":") }
        return routes.withLockedValue { routes in
            let matching = routes.filter { route in
                route.components.count == components.count
                    && zip(route.components, components).allSatisfy { pattern, part in isParameter(pattern) || pattern == part }
            }
            // The most specific pattern: literals first, from the left.
            let best = matching.map { route in route.components.map { isParameter($0) ? "1" : "0" }.joined() }.min()
            var methods: [HTTPRequest.Method] = []
            for route in matching where route.components.map({ isParameter($0) ? "1" : "0" }).joined() == best {
                if !methods.contains(route.method) { methods.append(route.method) }
            }
            return methods
        }
    }
}
