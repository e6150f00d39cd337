import PrismShared

/// A media job as the job view shows it: what `GET /v1/jobs/{id}?stream=true` says at each change.
struct JobSnapshot: Equatable, Sendable {
    let id: String
    var model = ""
    var status = "loading"
    /// 0…1 when the provider reports it.
    var progress: Double?
    var message = ""

    /// The ended states: the stream stops after one of them.
    var isFinished: Bool { ["succeeded", "failed", "cancelled"].contains(status) }

    init(id: String, model: String = "", status: String = "loading", progress: Double? = nil, message: String = "") {
        self.id = id
        self.model = model
        self.status = status
        self.progress = progress
        self.message = message
    }

    /// The job object of a stream event's data.
    init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.init(
            id: id, model: json["model"]?.stringValue ?? "", status: json["status"]?.stringValue ?? "", progress: json["progress"]?.doubleValue,
            message: json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue ?? "")
    }

    /// The lines of the job view: model, state with a bar when the progress is known, the latest line.
    var lines: [String] {
        var state = status
        if let progress {
            let filled = Int((min(max(progress, 0), 1) * 20).rounded())
            state += "  [" + String(repeating: "█", count: filled) + String(repeating: "·", count: 20 - filled) + "] \(Int((progress * 100).rounded()))%"
        }
        return [model.isEmpty ? id : "\(model) · \(id)", "", state, message, "", isFinished ? "Esc closes" : "following… Esc closes"]
    }
}
