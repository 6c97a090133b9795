import Hummingbird
import NIOCore

/// `/api/v1/openapi.json`: the OpenAPI 3.1 description of this API, open to anyone.
public struct OpenAPIController: Sendable {
    /// Embedded in the binary at build time from `OpenAPI/openapi.json`.
    static let document = ByteBuffer(bytes: PackageResources.openapi_json)

    public init() {}

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: Self.document))
        }
    }
}
