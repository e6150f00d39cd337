import Foundation
import HTTPTypes
import NIOCore
import PrismShared
import Storage
import Testing
@testable import Proxy

/// `GET /v1/usage` (SPEC §13) over a ledger written beside the running gateway.
@Suite("The usage endpoint")
struct UsageEndpointTests {
    @Test("groups by what is asked, in a range; a managed key sees only its own; CSV on request; bad parameters are 400")
    func usage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prism-usage-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestGateway.run(["PASSWORD": "pw", "API_KEYS": "user", "DATA_DIR": directory]) { client in
            func get(_ uri: String, key: String = "pw", csv: Bool = false) async throws -> TestReply {
                var headers: HTTPFields = [.authorization: "Bearer \(key)"]
                if csv { headers[.accept] = "text/csv" }
                return try await client.execute(uri: uri, method: .get, headers: headers) { $0 }
            }
            let created = try #require(try await client.postJSON("/v1/admin/keys", ["name": "app"], key: "pw").json)
            let (id, secret) = (try #require(created["id"]?.stringValue), try #require(created["key"]?.stringValue))
            let stores = try Stores.sqlite(directory: directory)
            try await stores.usage.record([
                UsageEntry(id: "req_1", time: 1_767_607_200, keyID: id, principal: id, model: "groq/x", provider: "groq", inputTokens: 7, costUSD: 0.5),
                UsageEntry(id: "req_2", time: 1_767_607_300, principal: "admin", model: "image/doubao, special", images: 1, costUSD: 0.25, status: 502),
            ])
            let all = try #require(try await get("/v1/usage?from=1767600000&to=2026-01-06T00:00:00Z&group_by=model").json)
            #expect(all["data"]?.arrayValue?.map { $0["group"] } == ["groq/x", "image/doubao, special"])
            #expect(all["data"]?.arrayValue?.last?["errors"] == 1 && all["data"]?.arrayValue?.first?["input_tokens"] == 7)
            let own = try #require(try await get("/v1/usage?from=1767600000&to=1767700000&group_by=key", key: secret).json)
            #expect(own["data"]?.arrayValue?.map { $0["group"] } == [.string(id)])
            let csv = try await get("/v1/usage?from=1767600000&to=1767700000&group_by=model", csv: true)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text == "group,requests,errors,input_tokens,output_tokens,images,video_seconds,cost_usd\ngroq/x,1,0,7,0,0,0.0,0.5\n\"image/doubao, special\",1,1,0,0,1,0.0,0.25\n")
            #expect(try await get("/v1/usage").json?["data"]?.arrayValue?.isEmpty == true)  // the last 7 days: nothing
            for bad in ["/v1/usage?group_by=planet", "/v1/usage?from=yesterday", "/v1/usage?from=20&to=10"] {
                let reply = try await get(bad)
                #expect(reply.status == .badRequest && reply.json?["error"]?["param"] != nil, "\(bad)")
            }
            #expect(try await get("/v1/usage", key: "user").status == .forbidden)
        }
    }
}
