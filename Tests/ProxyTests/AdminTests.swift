import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PrismShared
import Testing
@testable import Proxy

@Suite("admin/magic")
struct AdminTests {
    @Test("the command parser", arguments: [
        ("/help", AdminCommand.help), ("help", .help), ("", .help), ("make me a sandwich", .help),
        ("ls", .list(nil, prefix: nil)), ("list responses", .list(.responses, prefix: nil)), ("list media media_ab", .list(.media, prefix: "media_ab")),
        ("list resp_", .list(nil, prefix: "resp_")), ("show resp_1", .show("resp_1")), ("resp_1", .show("resp_1")), ("job_9", .show("job_9")),
        ("delete resp_1", .delete("resp_1")), ("rm media_2", .delete("media_2")), ("delete all", .deleteAll), ("deleteall", .deleteAll),
        ("rm -rf", .deleteAll), ("purge media", .purgeMedia(olderThanDays: nil)), ("purge media older-than 30d", .purgeMedia(olderThanDays: 30)),
        ("stats", .stats), ("keys", .keys), ("jobs", .jobs), ("cancel job_1", .cancel("job_1")), ("vacuum", .vacuum),
    ])
    func parse(text: String, command: AdminCommand) {
        #expect(AdminCommand.parse(text) == command)
    }

    @Test("missing or bad arguments get a hint, never a deletion", arguments: ["delete", "rm", "show", "purge media older-than abc", "purge media older-than 5", "cancel", "purge"])
    func invalid(text: String) {
        guard case .invalid = AdminCommand.parse(text) else {
            Issue.record("`\(text)` was not refused")
            return
        }
    }

    static func ask(_ client: GatewayClient, _ command: String, key: String = "pw", stream: Bool = false) async throws -> String {
        let response = try await client.postJSON("/v1/chat/completions", chatBody("admin/magic", command, stream: stream), key: key)
        if stream {
            return response.sseData.dropLast().compactMap { try? JSONValue.parse($0) }
                .compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
        }
        return response.json?["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? response.text
    }

    @Test("commands against real stores: list, show, delete, delete all, purge, stats, keys, jobs, vacuum; only the admin")
    func console() async throws {
        let upstream: FakeUpstream.Reply = { request, _ in
            if request.path == "/files/result.png" {
                return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
            }
            if request.path == "/v1/images/generations" {
                return OpenAIWire.json(["data": [["url": .string("http://\(request.authority ?? "")/files/result.png")]]])
            }
            return OpenAIWire.sse(OpenAIWire.streamEvents(["The answer"], usage: true))
        }
        try await FakeUpstream.run(reply: upstream) { base, _ in
            let env = ["PASSWORD": "pw", "API_KEYS": "user", "GROQ_API_KEY": "gsk_live_0123456789abcdef", "GROQ_BASE_URL": base,
                       "DOUBAO_API_KEY": "ark-secret-0123456789", "DOUBAO_BASE_URL": base]
            try await TestGateway.run(env) { client in
                let first = try #require(try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "What is it?"], key: "user").json)
                let id = try #require(first["id"]?.stringValue)
                _ = try await client.postJSON("/v1/chat/completions", chatBody("image/doubao", "A boat"), key: "user")

                #expect(try await client.postJSON("/v1/chat/completions", chatBody("admin/magic", "stats"), key: "user").status == .forbidden)
                #expect(try await Self.ask(client, "/help").contains("`purge media [older-than <N>d]`"))
                #expect(try await Self.ask(client, "what?").contains("**admin/magic**"))
                let listing = try await Self.ask(client, "ls")
                #expect(listing.contains(id) && listing.contains("**Media**") && listing.contains("**Jobs**"))
                let shown = try await Self.ask(client, id, stream: true)
                #expect(shown.contains("### User\nWhat is it?") && shown.contains("### Assistant\nThe answer"))
                let stats = try await Self.ask(client, "stats")
                #expect(stats.contains("| responses | 1 |") && stats.contains("| media items | 1 |") && stats.contains("| groq | 1 | 5 | 2 |"))
                let jobRow = stats.split(separator: "\n").first { $0.hasPrefix("| image/doubao | 1 | 1 | 0 | ") }
                #expect(jobRow?.hasSuffix(" s |") == true, "\(stats)")
                let keys = try await Self.ask(client, "keys")
                #expect(keys.contains("`gsk…cdef`") && !keys.contains("gsk_live_0123456789abcdef") && !keys.contains("ark-secret"))
                #expect(try await Self.ask(client, "jobs").contains("Unfinished jobs**: none"))
                #expect(try await Self.ask(client, "cancel job_nope").contains("There is no job"))
                #expect(try await Self.ask(client, "delete ../etc").contains("nothing was deleted"))
                #expect(try await Self.ask(client, "purge media older-than abc").contains("older-than <N>d"))
                #expect(try await client.get("/v1/media", key: "user").json?["data"]?.arrayValue?.count == 1)
                #expect(try await Self.ask(client, "purge media older-than 1d").contains("Purged 0 media items"))
                #expect(try await Self.ask(client, "purge media").contains("Purged 1 media item"))
                #expect(try await Self.ask(client, "delete \(id)").contains("Deleted `\(id)` (1 item)"))
                #expect(try await Self.ask(client, "delete \(id)").contains("nothing was deleted"))
                _ = try await client.postJSON("/v1/responses", ["model": "groq/x", "input": "again"], key: "user")
                #expect(try await Self.ask(client, "delete all").contains("Deleted 1 responses"))
                #expect(try await Self.ask(client, "vacuum").contains("Vacuumed the database"))
                let viaResponses = try await client.postJSON("/v1/responses", ["model": "admin/magic", "input": "keys"], key: "pw")
                #expect(viaResponses.json?["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains("Key pools") == true)
            }
        }
    }
}
