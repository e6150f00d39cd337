import PrismShared

/// A tool call's arguments, read against the tool's input schema. A missing or wrong-typed argument is a
/// `400`-worded `GatewayError` (SPEC §9), which the toolbox turns into an `isError` result the model can
/// read and correct — never a dropped session.
struct MCPArguments: Sendable {
    let tool: String
    let values: [String: JSONValue]

    init(tool: String, _ arguments: JSONValue?, schema: JSONValue) throws(GatewayError) {
        self.tool = tool
        guard let arguments, !arguments.isNull else {
            values = [:]
            try checkRequired(schema)
            return
        }
        guard let object = arguments.objectValue else {
            throw .invalidRequest("The arguments of \(tool) must be a JSON object.", code: "invalid_type", param: "arguments")
        }
        var values: [String: JSONValue] = [:]
        for member in object.members { values[member.key] = member.value }
        self.values = values
        let known = schema["properties"]?.objectValue?.keys ?? []
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidRequest(
                "\(tool) has no argument \(unknown.prefix(60)); it takes \(known.sorted().joined(separator: ", ")).", code: "invalid_argument", param: unknown)
        }
        try checkRequired(schema)
    }

    private func checkRequired(_ schema: JSONValue) throws(GatewayError) {
        for case .string(let name) in schema["required"]?.arrayValue ?? [] where values[name] == nil || values[name]?.isNull == true {
            throw .invalidRequest("\(tool) needs the argument \(name); see its input schema in tools/list.", code: "missing_field", param: name)
        }
    }

    func string(_ name: String) throws(GatewayError) -> String? {
        guard let value = present(name) else { return nil }
        guard let text = value.stringValue else { throw wrongType(name, "a string", value) }
        return text
    }

    /// A non-empty string.
    func requiredString(_ name: String) throws(GatewayError) -> String {
        guard let text = try string(name), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidRequest("\(tool) needs a non-empty \(name).", code: "missing_field", param: name)
        }
        return text
    }

    /// A string that goes into a prompt flag: one word, no quotes.
    func word(_ name: String) throws(GatewayError) -> String? {
        guard let text = try string(name) else { return nil }
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace || $0 == "\"" }) else {
            throw .invalidRequest("The argument \(name) of \(tool) must be one word without quotes, such as 16:9 or 1024x1024.", code: "invalid_type", param: name)
        }
        return text
    }

    func integer(_ name: String, in range: ClosedRange<Int>? = nil) throws(GatewayError) -> Int? {
        guard let value = present(name) else { return nil }
        let number: Int?
        switch value {
        case .integer(let int): number = Int(exactly: int)
        case .number(let double): number = double.rounded() == double ? Int(exactly: double) : nil
        default: number = nil
        }
        guard let number else { throw wrongType(name, "an integer", value) }
        if let range, !range.contains(number) {
            throw .invalidRequest(
                "The argument \(name) of \(tool) must be from \(range.lowerBound) to \(range.upperBound); it was \(number).", code: "invalid_value", param: name)
        }
        return number
    }

    func strings(_ name: String) throws(GatewayError) -> [String] {
        guard let value = present(name) else { return [] }
        guard let list = value.arrayValue else { throw wrongType(name, "an array of strings", value) }
        return try list.map { element throws(GatewayError) in
            guard let text = element.stringValue else { throw wrongType(name, "an array of strings", value) }
            return text
        }
    }

    private func present(_ name: String) -> JSONValue? {
        guard let value = values[name], !value.isNull else { return nil }
        return value
    }

    private func wrongType(_ name: String, _ expected: String, _ value: JSONValue) -> GatewayError {
        .invalidRequest("The argument \(name) of \(tool) must be \(expected), not \(value.typeName == "null" ? "null" : value.typeName).", code: "invalid_type", param: name)
    }
}
