import Crypto
import Foundation
import Hummingbird

/// The stylesheet and scripts, compiled in. Each is linked with a hash of its content, so a
/// browser may keep it for a year and still gets a new one the moment it changes.
struct WebAssets: Sendable {
    struct Asset: Sendable {
        var contentType: String
        var body: ByteBuffer
        var version: String
    }

    let assets: [String: Asset]

    init() {
        var assets: [String: Asset] = [:]
        for (name, type, bytes) in [
            ("app.css", "text/css; charset=utf-8", PackageResources.app_css),
            ("agent.js", "text/javascript; charset=utf-8", PackageResources.agent_js),
        ] {
            let digest = SHA256.hash(data: bytes).prefix(6).map { String(format: "%02x", $0) }.joined()
            assets[name] = Asset(contentType: type, body: ByteBuffer(bytes: bytes), version: digest)
        }
        self.assets = assets
    }

    /// The URL pages link to.
    func path(_ name: String) -> String {
        "/assets/\(name)?v=\(assets[name]?.version ?? "0")"
    }

    /// Total bytes of every asset, for page-weight reports.
    var totalBytes: Int { assets.values.reduce(0) { $0 + $1.body.readableBytes } }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("assets/{name}") { request, context -> Response in
            let name = try context.parameters.require("name")
            guard let asset = assets[name] else { throw Problem.notFound }
            var headers: HTTPFields = [.contentType: asset.contentType, .xContentTypeOptions: "nosniff"]
            headers[.cacheControl] = request.uri.queryParameters["v"].map { $0 == Substring(asset.version) } == true
                ? "public, max-age=31536000, immutable" : "no-cache"
            headers[.eTag] = "\"\(asset.version)\""
            if request.headers[.ifNoneMatch] == "\"\(asset.version)\"" {
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
        }
    }
}
