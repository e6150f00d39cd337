import Foundation
import Logging
import Storage

/// After a restart (SPEC §15): text generations that the stop cut are ended `incomplete` — stored so, their
/// stream given its final `response.incomplete` event, and announced by webhook. Responses waiting for a
/// media job are left alone: the job resumes and completes them. Run once at start-up, on a database of this
/// process's own (with replicas sharing PostgreSQL, another one may still be running the work).
struct BackgroundRecovery: Sendable {
    /// The background responses whose log and store it reads.
    let background: BackgroundResponses
    /// Where it says how many it ended.
    let logger: Logger

    /// Ends what a stop cut off; failures are logged, never thrown (start-up goes on).
    func run() async {
        let (log, store) = (background.log, background.store)
        do {
            var ended = 0
            for id in try await log.unfinished() where !background.isRunning(id) {
                guard var response = try await store.response(id: id, scope: .everything) else { continue }
                let model = response["model"]?.stringValue ?? ""
                if model.hasPrefix("image/") || model.hasPrefix("video/") { continue }
                if !ResponseEventStream.isFinished(response) {
                    response["status"] = "incomplete"
                    response["incomplete_details"] = ["reason": "interrupted"]
                    try await store.complete(id: id, object: response, preview: "")
                    await background.announce(response, principal: nil, url: nil)
                }
                let next = (try await log.last(of: id)?.sequence ?? -1) + 1
                let final = BackgroundResponses.final(response)
                try await log.append([LoggedEvent(
                    streamID: id, sequence: next, type: final.type, data: final.json(sequenceNumber: next).serialized(), isFinal: true)])
                ended += 1
            }
            if ended > 0 { logger.info("Ended \(ended) background response(s) that a restart cut off as incomplete") }
        } catch {
            logger.error("Background responses cut off by a restart could not be ended: \(error)")
        }
    }
}
