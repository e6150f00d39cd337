import PrismShared

/// The body of a Replicate prediction: `{input: {prompt, aspect_ratio, seed, num_outputs, negative_prompt,
/// duration, resolution, <image>}}`, plus `version` for a pinned `<owner>/<model>:<version>`. Only the flags the
/// user gave are sent, so a model's own defaults apply otherwise.
enum ReplicateInput {
    static func body(_ request: MediaRequest, version: String?) -> JSONValue {
        let flags = request.flags
        var input: JSONValue = ["prompt": .string(request.prompt)]
        if let ratio = flags.ratio { input["aspect_ratio"] = .string(ratio) }
        if let seed = flags.integers["seed"] { input["seed"] = JSONValue(seed) }
        if let count = flags.integers["n"] { input["num_outputs"] = JSONValue(count) }
        if let negative = flags.strings["negative"] { input["negative_prompt"] = .string(negative) }
        if let duration = flags.integers["duration"] { input["duration"] = JSONValue(duration) }
        if let resolution = flags.strings["resolution"] { input["resolution"] = .string(resolution) }
        if let image = request.inputImages.first {
            let field = imageField(for: request.model)
            input[field.name] = field.isList ? .array([.string(image)]) : .string(image)
        }
        var body: JSONValue = ["input": input]
        if let version { body["version"] = .string(version) }
        return body
    }

    /// The input an image goes in. Replicate models name it themselves; most say `image`, these families
    /// differ (a model not listed here that names it otherwise ignores the image).
    static func imageField(for model: String) -> (name: String, isList: Bool) {
        let model = model.lowercased()
        let known: [(fragment: String, name: String, isList: Bool)] = [
            ("flux-kontext", "input_image", false),
            ("nano-banana", "image_input", true),
            ("seedream-4", "image_input", true),
            ("kling", "start_image", false),
            ("hailuo", "first_frame_image", false),
        ]
        guard let match = known.first(where: { model.contains($0.fragment) }) else { return ("image", false) }
        return (match.name, match.isList)
    }
}
