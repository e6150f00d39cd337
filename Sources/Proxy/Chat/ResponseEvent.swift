import PrismShared

/// One Responses streaming event before it is numbered: its `type` and its other fields.
struct ResponseEvent: Sendable, Equatable {
    let type: String
    let fields: JSONObject

    init(_ type: String, _ fields: JSONValue) {
        self.type = type
        self.fields = fields.objectValue ?? JSONObject()
    }

    /// The event's JSON with `type` first and its `sequence_number`.
    func json(sequenceNumber: Int) -> JSONValue {
        var object = JSONObject()
        object["type"] = .string(type)
        for (key, value) in fields.members { object[key] = value }
        object["sequence_number"] = JSONValue(sequenceNumber)
        return .object(object)
    }
}

/// The events of one output item, shared by live streams and replays so both say the same thing.
enum ResponseItemEvents {
    static func added(_ item: JSONValue, at index: Int) -> ResponseEvent {
        ResponseEvent("response.output_item.added", ["output_index": JSONValue(index), "item": item])
    }

    static func done(_ item: JSONValue, at index: Int) -> ResponseEvent {
        ResponseEvent("response.output_item.done", ["output_index": JSONValue(index), "item": item])
    }

    static func textPart(_ text: String, annotations: JSONValue = []) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": annotations]
    }

    static func summaryPart(_ text: String) -> JSONValue {
        ["type": "summary_text", "text": .string(text)]
    }

    /// The opening events of an item, before any delta.
    static func opening(_ item: JSONValue, at index: Int) -> [ResponseEvent] {
        let id = item["id"] ?? .null
        var events = [added(item, at: index)]
        switch item["type"]?.stringValue {
        case "message":
            events.append(ResponseEvent("response.content_part.added", ["item_id": id, "output_index": JSONValue(index), "content_index": 0, "part": textPart("")]))
        case "reasoning":
            events.append(ResponseEvent("response.reasoning_summary_part.added", ["item_id": id, "output_index": JSONValue(index), "summary_index": 0, "part": summaryPart("")]))
        case "web_search_call":
            events.append(ResponseEvent("response.web_search_call.in_progress", ["item_id": id, "output_index": JSONValue(index)]))
            events.append(ResponseEvent("response.web_search_call.searching", ["item_id": id, "output_index": JSONValue(index)]))
        case "code_interpreter_call":
            events.append(ResponseEvent("response.code_interpreter_call.in_progress", ["item_id": id, "output_index": JSONValue(index)]))
            events.append(ResponseEvent("response.code_interpreter_call.interpreting", ["item_id": id, "output_index": JSONValue(index)]))
        default:
            break
        }
        return events
    }

    /// One delta of an item's text or arguments.
    static func delta(_ text: String, of item: JSONValue, at index: Int) -> ResponseEvent {
        let id = item["id"] ?? .null
        switch item["type"]?.stringValue {
        case "reasoning":
            return ResponseEvent("response.reasoning_summary_text.delta", ["item_id": id, "output_index": JSONValue(index), "summary_index": 0, "delta": .string(text)])
        case "function_call":
            return ResponseEvent("response.function_call_arguments.delta", ["item_id": id, "output_index": JSONValue(index), "delta": .string(text)])
        default:
            return ResponseEvent("response.output_text.delta", ["item_id": id, "output_index": JSONValue(index), "content_index": 0, "delta": .string(text), "logprobs": []])
        }
    }

    /// The closing events of a finished item, ending with `output_item.done`.
    static func closing(_ item: JSONValue, at index: Int) -> [ResponseEvent] {
        let id = item["id"] ?? .null
        let position = JSONValue(index)
        var events: [ResponseEvent] = []
        switch item["type"]?.stringValue {
        case "message":
            let part = item["content"]?.arrayValue?.first ?? textPart("")
            let text = part["text"]?.stringValue ?? ""
            events.append(ResponseEvent("response.output_text.done", ["item_id": id, "output_index": position, "content_index": 0, "text": .string(text), "logprobs": []]))
            events.append(ResponseEvent("response.content_part.done", ["item_id": id, "output_index": position, "content_index": 0, "part": part]))
        case "reasoning":
            let text = item["summary"]?.arrayValue?.first?["text"]?.stringValue ?? ""
            events.append(ResponseEvent("response.reasoning_summary_text.done", ["item_id": id, "output_index": position, "summary_index": 0, "text": .string(text)]))
            events.append(ResponseEvent("response.reasoning_summary_part.done", ["item_id": id, "output_index": position, "summary_index": 0, "part": summaryPart(text)]))
        case "function_call":
            events.append(ResponseEvent("response.function_call_arguments.done", ["item_id": id, "output_index": position, "arguments": item["arguments"] ?? ""]))
        case "web_search_call":
            events.append(ResponseEvent("response.web_search_call.completed", ["item_id": id, "output_index": position]))
        case "code_interpreter_call":
            events.append(ResponseEvent("response.code_interpreter_call.completed", ["item_id": id, "output_index": position]))
        default:
            break
        }
        events.append(done(item, at: index))
        return events
    }

    /// The final event for a response's status.
    static func final(_ response: JSONValue) -> ResponseEvent {
        switch response["status"]?.stringValue {
        case "failed": return ResponseEvent("response.failed", ["response": response])
        case "incomplete": return ResponseEvent("response.incomplete", ["response": response])
        default: return ResponseEvent("response.completed", ["response": response])
        }
    }

    /// A stored response told again as the events of a stream (`GET /v1/responses/{id}?stream=true`).
    static func replay(_ response: JSONValue) -> [ResponseEvent] {
        var started = response
        started["status"] = "in_progress"
        started["output"] = []
        var events = [ResponseEvent("response.created", ["response": started]), ResponseEvent("response.in_progress", ["response": started])]
        for (index, item) in (response["output"]?.arrayValue ?? []).enumerated() {
            var opened = item
            switch item["type"]?.stringValue {
            case "message": opened["content"] = []; opened["status"] = "in_progress"
            case "reasoning": opened["summary"] = []
            case "function_call": opened["arguments"] = ""; opened["status"] = "in_progress"
            default: break
            }
            events += opening(opened, at: index)
            let text = item["content"]?.arrayValue?.first?["text"]?.stringValue
                ?? item["summary"]?.arrayValue?.first?["text"]?.stringValue ?? item["arguments"]?.stringValue ?? ""
            if !text.isEmpty { events.append(delta(text, of: item, at: index)) }
            events += closing(item, at: index)
        }
        events.append(final(response))
        return events
    }
}
