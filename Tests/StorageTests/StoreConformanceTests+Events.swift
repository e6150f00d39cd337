import Foundation
import Storage
import Testing

func loggedEvent(_ stream: String, _ sequence: Int, final: Bool = false) -> LoggedEvent {
    LoggedEvent(streamID: stream, sequence: sequence, type: final ? "response.completed" : "response.output_text.delta",
                data: #"{"sequence_number":\#(sequence)}"#, isFinal: final)
}

extension StoreConformanceTests {
    @Test("events come back in order after a sequence number, each stream its own; the last says whether it ended", arguments: Backend.allCases)
    func eventOrder(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.events.append((0..<3).map { loggedEvent("resp_a", $0) } + [loggedEvent("resp_b", 0)])
            try await stores.events.append([loggedEvent("resp_a", 3), loggedEvent("resp_a", 4, final: true)])
            #expect(try await stores.events.events(of: "resp_a", after: nil, limit: 10).map(\.sequence) == [0, 1, 2, 3, 4])
            #expect(try await stores.events.events(of: "resp_a", after: 2, limit: 10) == [loggedEvent("resp_a", 3), loggedEvent("resp_a", 4, final: true)])
            #expect(try await stores.events.events(of: "resp_a", after: 0, limit: 2).map(\.sequence) == [1, 2])
            #expect(try await stores.events.last(of: "resp_a")! == (4, true))
            #expect(try await stores.events.last(of: "resp_b")! == (0, false))
            #expect(try await stores.events.last(of: "resp_none") == nil)
            #expect(try await stores.events.unfinished() == ["resp_b"])
            // Only resp_a is a stored response: resp_b's events go with the orphans.
            try await stores.responses.save(storedResponse("resp_a"))
            #expect(try await stores.events.deleteOrphans() == 1)
            #expect(try await stores.events.last(of: "resp_b") == nil)
            #expect(try await stores.events.last(of: "resp_a") != nil)
        }
    }

    @Test("a batch larger than one statement's parameters is appended whole; an event given twice keeps its last form", arguments: Backend.allCases)
    func eventBatchSize(backend: Backend) async throws {
        try await backend.withStores { stores in
            // 14,000 events × 5 columns is past PostgreSQL's 65,535 parameters of one statement.
            try await stores.events.append((0..<14_000).map { loggedEvent("resp_big", $0) } + [loggedEvent("resp_big", 13_999, final: true)])
            #expect(try await stores.events.last(of: "resp_big")! == (13_999, true))
            #expect(try await stores.events.events(of: "resp_big", after: 6_999, limit: 20_000).count == 7_000)
        }
    }

    @Test("a follower from another replica gets the stored events, then each new one, and stops after the final one", arguments: Backend.allCases)
    func eventFollow(backend: Backend) async throws {
        try await backend.withTwoReplicas { writer, reader in
            try await writer.events.append([loggedEvent("resp_f", 0), loggedEvent("resp_f", 1)])
            var seen = reader.events.follow(streamID: "resp_f", after: 0, isOver: { false }).makeAsyncIterator()
            #expect(try await seen.next()?.sequence == 1)
            // Each event is written only after the follower saw the one before.
            try await writer.events.append([loggedEvent("resp_f", 2)])
            #expect(try await seen.next()?.sequence == 2)
            try await writer.events.append([loggedEvent("resp_f", 3, final: true)])
            #expect(try await seen.next()?.isFinal == true)
            #expect(try await seen.next() == nil)
        }
    }

    @Test("a stream whose work ended without a final event ends for its followers once isOver says so", arguments: Backend.allCases)
    func eventFollowOver(backend: Backend) async throws {
        try await backend.withStores { stores in
            try await stores.events.append([loggedEvent("resp_cut", 0)])
            let all = try await stores.events.follow(streamID: "resp_cut", after: nil, isOver: { true }).reduce(into: [Int]()) { $0.append($1.sequence) }
            #expect(all == [0])
        }
    }
}
