import Foundation
import HummingbirdTesting
import Logging
import PrismShared
import Synchronization
import Testing
@testable import Proxy

@Suite("The OpenAPI document and the routes")
struct OpenAPIRouteTests {
    /// Every route the application registers, as "METHOD /path".
    private func registeredRoutes() async throws -> Set<String> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try GatewayConfig.load(environment: ["DATA_DIR": directory], port: 0)
        let seen = Mutex<[String]>([])
        let app = try await buildApplication(config, onRoutes: { routes in seen.withLock { $0 = routes } })
        // Run and stopped at once: its services (the upstream client among them) must shut down.
        try await app.test(.live) { _ in }
        return Set(seen.withLock { $0 })
    }

    private func documentedRoutes() throws -> Set<String> {
        let document = try JSONValue.parse(OpenAPIDocument.json)
        var routes = Set<String>()
        for member in document["paths"]?.objectValue?.members ?? [] {
            for method in member.value.objectValue?.keys ?? [] where ["get", "post", "put", "patch", "delete"].contains(method) {
                routes.insert("\(method.uppercased()) \(member.key)")
            }
        }
        return routes
    }

    @Test("every route the server registers is in the document, and every path of the document is registered")
    func sameRoutes() async throws {
        let registered = try await registeredRoutes()
        let documented = try documentedRoutes()
        #expect(!registered.isEmpty)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not in the OpenAPI document")
        #expect(documented.subtracting(registered).sorted() == [], "in the OpenAPI document but not registered")
    }

    @Test("the document is OpenAPI 3.1 with the Bearer scheme and the error shape of SPEC section 9")
    func essentials() throws {
        let document = try JSONValue.parse(OpenAPIDocument.json)
        #expect(document["openapi"]?.stringValue?.hasPrefix("3.1") == true)
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
        let error = document["components"]?["schemas"]?["Error"]?["properties"]?["error"]?["required"]
        #expect(error == ["message", "type", "code"])
        #expect(document["paths"]?["/v1/chat/completions"]?["post"]?["responses"]?["200"]?["content"]?["text/event-stream"] != nil)
    }

    @Test("GET /openapi.json serves the document as kept, and GET /docs a page of its own, both without a key")
    func served() async throws {
        try await TestGateway.run(["PASSWORD": "admin-key"]) { client in
            let document = try await client.get("/openapi.json")
            #expect(document.status == .ok && document.headers[.contentType] == "application/json")
            #expect(document.text == OpenAPIDocument.json)
            let page = try await client.get("/docs")
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("fetch(\"/openapi.json\")") && !page.text.contains("https://"))
        }
    }
}
