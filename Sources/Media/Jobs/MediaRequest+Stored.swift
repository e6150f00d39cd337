import PrismShared
import Storage

/// A job's request as kept in its row, so a restarted gateway can follow the provider's task again.
/// Input images are left out: they are only needed to create the task, and can be megabytes.
extension MediaRequest {
    public var stored: JSONValue {
        let flags = self.flags
        func object<Value>(_ values: [String: Value], _ wrap: (Value) -> JSONValue) -> JSONValue {
            var object = JSONObject()
            for (key, value) in values.sorted(by: { $0.key < $1.key }) { object[key] = wrap(value) }
            return .object(object)
        }
        var object: JSONValue = [
            "model": .string(model), "prompt": .string(prompt),
            "integers": object(flags.integers) { JSONValue($0) }, "numbers": object(flags.numbers) { .number($0) },
            "strings": object(flags.strings) { .string($0) }, "booleans": object(flags.booleans) { .bool($0) },
            "random_seed": .bool(flags.randomSeed),
        ]
        if let width = flags.width, let height = flags.height {
            object["width"] = JSONValue(width)
            object["height"] = JSONValue(height)
        }
        if let ratio = flags.ratio { object["ratio"] = .string(ratio) }
        return object
    }

    public init?(stored: JSONValue) {
        guard let model = stored["model"]?.stringValue, let prompt = stored["prompt"]?.stringValue else { return nil }
        var flags = ValidatedFlags()
        for (key, value) in stored["integers"]?.objectValue?.members ?? [] { flags.integers[key] = value.intValue }
        for (key, value) in stored["numbers"]?.objectValue?.members ?? [] { flags.numbers[key] = value.doubleValue }
        for (key, value) in stored["strings"]?.objectValue?.members ?? [] { flags.strings[key] = value.stringValue }
        for (key, value) in stored["booleans"]?.objectValue?.members ?? [] { flags.booleans[key] = value.boolValue }
        flags.width = stored["width"]?.intValue
        flags.height = stored["height"]?.intValue
        flags.ratio = stored["ratio"]?.stringValue
        flags.randomSeed = stored["random_seed"]?.boolValue ?? false
        self.init(model: model, prompt: prompt, flags: flags)
    }
}

extension JobRecord {
    /// The provider's task, once it accepted the job.
    public var providerTask: ProviderTask? { providerTaskID.map { ProviderTask(id: $0, pollURL: providerPollURL) } }
}
