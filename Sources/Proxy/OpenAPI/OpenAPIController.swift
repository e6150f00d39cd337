import Hummingbird
import NIOCore

/// `GET /openapi.json` (the document as kept, no key needed) and `GET /docs` (a page of Prism's own that
/// renders it, with no script or style from anywhere else).
struct OpenAPIController: Sendable {
    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("/docs") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    // The page runs only its own inline script and reads only this server.
                    .contentSecurityPolicy: "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
                ],
                body: .init(byteBuffer: ByteBuffer(string: DocsPage.html)))
        }
    }
}
