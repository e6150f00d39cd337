import Foundation
import Logging
import PrismShared

/// `LOG_FORMAT=json` (SPEC §14): each log line as one JSON object on standard output — time, level, label,
/// message and the metadata as fields (`request_id`, `model`, `status`, …), so a log shipper needs no parser.
struct JSONLogHandler: LogHandler {
    /// The logger's label, written as `label`.
    let label: String
    /// `LOG_LEVEL`.
    var logLevel: Logger.Level = .info
    /// Metadata of the logger, merged under each event's own.
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line; a write is one system call, so lines of concurrent requests never interleave.
    func log(event: LogEvent) {
        FileHandle.standardOutput.write(Data(Self.line(event, label: label, metadata: metadata).utf8))
    }

    /// The event as one JSON line, ending in a newline.
    static func line(_ event: LogEvent, label: String, metadata base: Logger.Metadata) -> String {
        var object: JSONValue = [
            "time": .string(Date().formatted(.iso8601)), "level": .string(event.level.rawValue), "label": .string(label),
            "message": .string(event.message.description),
        ]
        let merged = base.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) where object[key] == nil {
            object[key] = json(value)
        }
        return object.serialized() + "\n"
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return JSONValue(number) }
            if let number = convertible as? Double { return .number(number) }
            return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let members):
            var object: JSONValue = [:]
            for (key, member) in members { object[key] = json(member) }
            return object
        @unknown default: return .string(value.description)
        }
    }
}
