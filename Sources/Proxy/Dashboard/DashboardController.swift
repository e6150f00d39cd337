import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /dashboard` (SPEC §14): the web dashboard, static HTML, CSS and JavaScript of our own compiled into
/// the binary as strings (`DashboardAssets`, `DashboardScript`): no build step, no CDN, it works offline.
/// The page asks for a key and then talks only to the public and admin endpoints, so its files need none.
struct DashboardController: Sendable {
    private static let page = DashboardController.buffer(DashboardAssets.html)
    private static let styles = DashboardController.buffer(DashboardAssets.css)
    private static let script = DashboardScript.parts.reduce(into: ByteBuffer()) { whole, text in
        var part = DashboardController.buffer(text)
        whole.writeBuffer(&part)
        whole.writeString("\n")
    }

    /// The page, its stylesheet and its script, without a key (the page asks for one).
    func addRoutes(to router: some RouterMethods<GatewayRequestContext>) {
        router.get("/dashboard") { _, _ in Self.asset(Self.page, type: "text/html; charset=utf-8") }
        router.get("/dashboard/app.css") { _, _ in Self.asset(Self.styles, type: "text/css; charset=utf-8") }
        router.get("/dashboard/app.js") { _, _ in Self.asset(Self.script, type: "text/javascript; charset=utf-8") }
    }

    private static func buffer(_ text: StaticString) -> ByteBuffer {
        text.withUTF8Buffer { ByteBuffer(bytes: $0) }
    }

    private static func asset(_ bytes: ByteBuffer, type: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .cacheControl: "no-cache", HTTPField.Name("x-content-type-options")!: "nosniff",
                .contentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob: http: https:; media-src 'self' blob: http: https:",
            ],
            body: .init(byteBuffer: bytes))
    }
}
